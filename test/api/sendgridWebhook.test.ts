import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { TEST_NOW } from './helpers';
import { MESSAGE_ID, MESSAGE_KEY, RECIPIENT, mailWebhookHarness } from './mailWebhookHarness';

const open = mailWebhookHarness();
const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const { privateKey, publicKey } = keyPair();
/** The verification key as SendGrid shows it: base64 of the DER public key. */
const shown = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).toString('base64');
const PUBLIC_KEY = shown(publicKey);

/** A batch as SendGrid posts it: ECDSA (SHA-256, DER, base64) over the timestamp header then the raw body. */
function signed(events: unknown[], { key = privateKey, at = TEST_NOW } = {}) {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor(at / 1000));
  const signature = sign('sha256', Buffer.from(timestamp + body), key).toString('base64');
  return {
    payload: body,
    headers: {
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-signature': signature,
      'x-twilio-email-event-webhook-timestamp': timestamp,
    },
  };
}
const event = (event: string, id: string, extra: Record<string, unknown> = {}) => ({
  email: RECIPIENT,
  timestamp: (TEST_NOW - 60_000) / 1000,
  'smtp-id': MESSAGE_ID,
  event,
  sg_event_id: id,
  sg_message_id: 'sg-msg.filter0001',
  reason: `550 5.1.1 <${RECIPIENT}>: user unknown`,
  ...extra,
});

describe('POST /v1/webhooks/sendgrid', () => {
  const post = (app: Awaited<ReturnType<typeof open>>['app'], request: ReturnType<typeof signed>) =>
    app.inject({ method: 'POST', url: '/v1/webhooks/sendgrid', ...request });

  it('acts on each event of a batch: a bounce blocks the address, a deferral is only told, a delivery is ignored', async () => {
    const h = await open({ SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY });
    const res = await post(
      h.app,
      signed([event('delivered', 'sg-0'), event('deferred', 'sg-1'), event('bounce', 'sg-2', { type: 'bounce' })]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ events: 3, duplicates: 0 });
    expect(await h.stopped('service')).toBe('address blocked: hard-bounce');
    expect(await h.blocks()).toEqual([{ store_id: 'default', reason: 'hard-bounce', source: 'sendgrid:sg-2' }]);
    expect(await h.outcomes()).toEqual(['bounced', 'sent']);
    expect((await h.signals()).map((s) => s.args[0])).toEqual([
      {
        messageKey: MESSAGE_KEY,
        messageId: MESSAGE_ID,
        provider: 'sendgrid',
        kind: 'soft-bounce',
        occurredAt: new Date(TEST_NOW - 60_000).toISOString(),
        detail: 'deferred',
      },
      {
        messageKey: MESSAGE_KEY,
        messageId: MESSAGE_ID,
        provider: 'sendgrid',
        kind: 'hard-bounce',
        occurredAt: new Date(TEST_NOW - 60_000).toISOString(),
        detail: 'bounce/bounce',
      },
    ]);
  });

  it('a blocked bounce is a soft one; a spam report stops marketing', async () => {
    const h = await open({ SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY });
    await post(h.app, signed([event('bounce', 'sg-3', { type: 'blocked' }), event('spamreport', 'sg-4')]));
    expect(await h.stopped('service')).toBeUndefined();
    expect(await h.stopped('marketing')).toBe('address blocked: complaint');
    expect(await h.outcomes()).toEqual(['complained', 'sent']);
  });

  it('acts on an event id once: a redelivered batch changes nothing more', async () => {
    const h = await open({ SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY });
    await post(h.app, signed([event('deferred', 'sg-5')]));
    const res = await post(h.app, signed([event('deferred', 'sg-5'), event('bounce', 'sg-5', { type: 'bounce' })]));
    expect(res.json()).toEqual({ events: 2, duplicates: 2 });
    expect(await h.blocks()).toEqual([]);
    expect(await h.signals()).toHaveLength(1);
  });

  it.each([
    [
      'signed with another key',
      () => signed([event('bounce', 'sg-6')], { key: keyPair().privateKey }),
      'invalid_signature',
    ],
    [
      'whose body was changed after signing',
      () => ({ ...signed([event('deferred', 'sg-6')]), payload: JSON.stringify([event('bounce', 'sg-6')]) }),
      'invalid_signature',
    ],
    [
      'with a garbled signature',
      () => {
        const r = signed([event('bounce', 'sg-6')]);
        return { ...r, headers: { ...r.headers, 'x-twilio-email-event-webhook-signature': 'bm90IGEgc2lnbmF0dXJl' } };
      },
      'invalid_signature',
    ],
    [
      'without a signature',
      () => {
        const r = signed([event('bounce', 'sg-6')]);
        return { ...r, headers: { 'content-type': 'application/json' } };
      },
      'invalid_signature',
    ],
    ['signed an hour ago', () => signed([event('bounce', 'sg-6')], { at: TEST_NOW - 3_600_000 }), 'stale_signature'],
  ])('refuses a batch %s with 401 and changes nothing', async (_name, request, error) => {
    const h = await open({ SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY });
    const res = await post(h.app, request() as ReturnType<typeof signed>);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe(error);
    expect(await h.blocks()).toEqual([]);
    expect(await h.signals()).toEqual([]);
  });

  it('takes a large batch (SendGrid sends up to about 768 KB), beyond the API default body limit', async () => {
    const h = await open({ SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY });
    const batch = Array.from({ length: 2_500 }, (_, i) => event('delivered', `sg-big-${i}`));
    const request = signed(batch);
    expect(request.payload.length).toBeGreaterThan(300 * 1024);
    const res = await post(h.app, request);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ events: 2_500, duplicates: 0 });
  });

  it('names the invalid field of a signed but malformed batch', async () => {
    const h = await open({ SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY });
    const res = await post(
      h.app,
      signed([event('bounce', 'sg-7'), { ...event('bounce', 'sg-8'), sg_event_id: undefined }]),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: '1.sg_event_id', message: expect.any(String) }]);
  });

  it('answers 503 naming the variable while unconfigured', async () => {
    const h = await open({});
    const res = await post(h.app, signed([event('bounce', 'sg-9')]));
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('SENDGRID_WEBHOOK_PUBLIC_KEY');
  });
});
