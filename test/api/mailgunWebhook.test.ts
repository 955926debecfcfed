import { createHmac, randomBytes } from 'node:crypto';
import { TEST_NOW } from './helpers';
import { MESSAGE_ID, MESSAGE_KEY, RECIPIENT, WORKFLOW_ID, mailWebhookHarness } from './mailWebhookHarness';

const SIGNING_KEY = randomBytes(24).toString('hex');
const open = mailWebhookHarness();

/** A webhook as Mailgun posts it, signed with `key` at `at` (ms). */
function mailgunBody(
  eventData: Record<string, unknown>,
  { key = SIGNING_KEY, at = TEST_NOW, token = randomBytes(25).toString('hex') } = {},
) {
  const timestamp = String(Math.floor(at / 1000));
  const signature = createHmac('sha256', key)
    .update(timestamp + token)
    .digest('hex');
  return { signature: { timestamp, token, signature }, 'event-data': eventData };
}
const failed = (severity: string, id = 'mg-ev-1') => ({
  id,
  event: 'failed',
  severity,
  reason: 'bounce',
  timestamp: (TEST_NOW - 60_000) / 1000,
  recipient: RECIPIENT,
  'delivery-status': { code: 550, message: `550 5.1.1 <${RECIPIENT}>: user unknown` },
  // Mailgun echoes the Message-ID header without its angle brackets.
  message: { headers: { 'message-id': MESSAGE_ID.slice(1, -1), to: RECIPIENT } },
});

describe('POST /v1/webhooks/mailgun', () => {
  const post = (app: Awaited<ReturnType<typeof open>>['app'], payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/v1/webhooks/mailgun',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  it('a permanent failure blocks the address for all mail, records the bounce and tells the journey', async () => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    const res = await post(h.app, mailgunBody(failed('permanent')));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ duplicate: false });
    expect(await h.stopped('service')).toBe('address blocked: hard-bounce');
    expect(await h.blocks()).toEqual([{ store_id: 'default', reason: 'hard-bounce', source: 'mailgun:mg-ev-1' }]);
    expect(await h.outcomes()).toEqual(['bounced', 'sent']);
    expect(await h.signals()).toEqual([
      {
        workflowId: WORKFLOW_ID,
        signal: 'messageDelivery',
        args: [
          {
            messageKey: MESSAGE_KEY,
            messageId: MESSAGE_ID,
            provider: 'mailgun',
            kind: 'hard-bounce',
            occurredAt: new Date(TEST_NOW - 60_000).toISOString(),
            detail: 'failed/permanent/bounce',
          },
        ],
      },
    ]);
  });

  it('a temporary failure is recorded on the journey only; a complaint stops marketing', async () => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    expect((await post(h.app, mailgunBody(failed('temporary', 'mg-soft')))).statusCode).toBe(200);
    expect(await h.blocks()).toEqual([]);
    const complained = { ...failed('', 'mg-complaint'), event: 'complained', severity: undefined, reason: undefined };
    expect((await post(h.app, mailgunBody(complained))).statusCode).toBe(200);
    expect(await h.stopped('marketing')).toBe('address blocked: complaint');
    expect(await h.stopped('service')).toBeUndefined();
    expect((await h.signals()).map((s) => s.args[0] as { kind: string; detail: string })).toMatchObject([
      { kind: 'soft-bounce', detail: 'failed/temporary/bounce' },
      { kind: 'complaint', detail: 'complained' },
    ]);
  });

  it('answers 200 to events it does not act on (delivered) and changes nothing', async () => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    const res = await post(h.app, mailgunBody({ ...failed('', 'mg-delivered'), event: 'delivered' }));
    expect(res.statusCode).toBe(200);
    expect(await h.blocks()).toEqual([]);
    expect(await h.signals()).toEqual([]);
  });

  it.each([
    [
      'signed with another key',
      () => mailgunBody(failed('permanent'), { key: 'not-the-key' }),
      401,
      'invalid_signature',
    ],
    ['without a signature', () => ({ 'event-data': failed('permanent') }), 401, 'invalid_signature'],
    [
      'signed six minutes ago',
      () => mailgunBody(failed('permanent'), { at: TEST_NOW - 6 * 60_000 }),
      401,
      'stale_signature',
    ],
    [
      'signed six minutes ahead',
      () => mailgunBody(failed('permanent'), { at: TEST_NOW + 6 * 60_000 }),
      401,
      'stale_signature',
    ],
  ])('refuses a webhook %s and changes nothing', async (_name, body, status, error) => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    const res = await post(h.app, body());
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toBe(error);
    expect(await h.blocks()).toEqual([]);
    expect(await h.signals()).toEqual([]);
  });

  it('refuses a signature token used before, even on a fresh event', async () => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    const first = mailgunBody(failed('temporary', 'mg-a'));
    expect((await post(h.app, first)).statusCode).toBe(200);
    const again = { ...first, 'event-data': failed('permanent', 'mg-b') };
    const res = await post(h.app, again);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('replayed_signature');
    expect(await h.blocks()).toEqual([]);
  });

  it('acts on an event id once: Mailgun redelivering it (newly signed) changes nothing more', async () => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    expect((await post(h.app, mailgunBody(failed('temporary')))).json()).toEqual({ duplicate: false });
    const res = await post(h.app, mailgunBody(failed('permanent')));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ duplicate: true });
    expect(await h.blocks()).toEqual([]);
    expect(await h.signals()).toHaveLength(1);
  });

  it('names the invalid field of a signed but malformed event', async () => {
    const h = await open({ MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    const res = await post(h.app, mailgunBody({ ...failed('permanent'), recipient: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'event-data.recipient', message: expect.any(String) }]);
  });

  it('answers 503 naming the variable while unconfigured', async () => {
    const h = await open({});
    const res = await post(h.app, mailgunBody(failed('permanent')));
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('MAILGUN_WEBHOOK_SIGNING_KEY');
  });
});
