import { randomBytes } from 'node:crypto';
import { MESSAGE_ID, MESSAGE_KEY, RECIPIENT, WORKFLOW_ID, mailWebhookHarness } from './mailWebhookHarness';

const open = mailWebhookHarness();
const USER = 'postmark';
const PASSWORD = randomBytes(18).toString('base64url');
const SECRET = randomBytes(24).toString('hex');
const BASIC = { POSTMARK_WEBHOOK_USER: USER, POSTMARK_WEBHOOK_PASSWORD: PASSWORD };
const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A record as Postmark posts it; the metadata is what our send's X-PM-Metadata-afterglow-message-id header set. */
const record = (
  recordType: string,
  type: string,
  id: number,
  metadata: Record<string, string> | null = { 'afterglow-message-id': MESSAGE_ID.slice(1, -1) },
) => ({
  RecordType: recordType,
  ID: id,
  Type: type,
  TypeCode: 1,
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  ServerID: 23,
  MessageStream: 'outbound',
  Email: RECIPIENT,
  From: 'hello@shop.example',
  BouncedAt: '2026-03-06T11:59:00.9070259Z',
  Metadata: metadata ?? undefined,
  Subject: 'How to use your serum',
});

describe('POST /v1/webhooks/postmark', () => {
  const post = (
    app: Awaited<ReturnType<typeof open>>['app'],
    payload: unknown,
    headers: Record<string, string> = { authorization: basicAuth(USER, PASSWORD) },
  ) =>
    app.inject({
      method: 'POST',
      url: '/v1/webhooks/postmark',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
    });

  it('a hard bounce (basic auth) blocks the address, records the bounce and tells the journey, found by the metadata', async () => {
    const h = await open(BASIC);
    const res = await post(h.app, record('Bounce', 'HardBounce', 692560173));
    expect(res.statusCode).toBe(200);
    expect(await h.stopped('service')).toBe('address blocked: hard-bounce');
    expect(await h.blocks()).toEqual([
      { store_id: 'default', reason: 'hard-bounce', source: 'postmark:Bounce:692560173' },
    ]);
    expect(await h.outcomes()).toEqual(['bounced', 'sent']);
    expect(await h.signals()).toEqual([
      {
        workflowId: WORKFLOW_ID,
        signal: 'messageDelivery',
        args: [
          {
            messageKey: MESSAGE_KEY,
            messageId: MESSAGE_ID,
            provider: 'postmark',
            kind: 'hard-bounce',
            occurredAt: '2026-03-06T11:59:00.907Z',
            detail: 'Bounce/HardBounce',
          },
        ],
      },
    ]);
  });

  it('a spam complaint (secret header) stops marketing; a soft bounce is only told; an auto-responder does nothing', async () => {
    const h = await open({ POSTMARK_WEBHOOK_SECRET: SECRET });
    const headers = { 'x-afterglow-webhook-secret': SECRET };
    for (const [type, recordType, id] of [
      ['SoftBounce', 'Bounce', 1],
      ['AutoResponder', 'Bounce', 2],
      ['SpamComplaint', 'SpamComplaint', 3],
    ] as const)
      expect((await post(h.app, record(recordType, type, id), headers)).statusCode).toBe(200);
    expect(await h.stopped('marketing')).toBe('address blocked: complaint');
    expect(await h.stopped('service')).toBeUndefined();
    expect((await h.signals()).map((s) => (s.args[0] as { kind: string }).kind)).toEqual(['soft-bounce', 'complaint']);
  });

  it('blocks the address in every store when the message cannot be found (no metadata)', async () => {
    const h = await open(BASIC);
    expect((await post(h.app, record('Bounce', 'HardBounce', 4, null))).statusCode).toBe(200);
    expect((await h.blocks()).map((b) => b.store_id)).toEqual(['default', 'other-shop']);
    expect(await h.signals()).toEqual([]);
  });

  it('acts on a bounce id once', async () => {
    const h = await open(BASIC);
    await post(h.app, record('Bounce', 'SoftBounce', 5));
    const res = await post(h.app, record('Bounce', 'SoftBounce', 5));
    expect(res.json()).toEqual({ duplicate: true });
    expect(await h.signals()).toHaveLength(1);
  });

  it.each([
    ['a wrong password', BASIC, { authorization: basicAuth(USER, 'wrong-password-123') }],
    ['another user', BASIC, { authorization: basicAuth('someone', PASSWORD) }],
    ['no credentials', BASIC, {}],
    ['a wrong secret header', { POSTMARK_WEBHOOK_SECRET: SECRET }, { 'x-afterglow-webhook-secret': `${SECRET}0` }],
    [
      'basic auth where only the header is configured',
      { POSTMARK_WEBHOOK_SECRET: SECRET },
      { authorization: basicAuth(USER, PASSWORD) },
    ],
  ])('refuses %s with 401 and changes nothing', async (_name, config, headers) => {
    const h = await open(config);
    const res = await post(h.app, record('Bounce', 'HardBounce', 6), headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('unauthorized');
    expect(await h.blocks()).toEqual([]);
  });

  it('names the invalid field', async () => {
    const h = await open(BASIC);
    const res = await post(h.app, { ...record('Bounce', 'HardBounce', 7), BouncedAt: 'yesterday' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'BouncedAt', message: expect.any(String) }]);
  });

  it('answers 503 naming the variables while unconfigured', async () => {
    const h = await open({});
    const res = await post(h.app, record('Bounce', 'HardBounce', 8));
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('POSTMARK_WEBHOOK_SECRET');
  });
});
