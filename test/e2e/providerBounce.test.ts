import { createHmac, randomBytes } from 'node:crypto';
import type { CustomerState, PlannedMessage } from '../../rules/journeyState';
import { supportGateway } from '../../client/supportGateway';
import type { SentMessage } from '../../rules/journeyDetails';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { type CapturedLogs, captureLogs, expectNoPersonalData, personalDataOf } from '../helpers/logCapture';

/**
 * A mail provider's bounce webhook on real parts (API → outbox → dev server → worker): the address is blocked, so
 * the next message to it is suppressed, and the journey records on the message what the provider reported, which
 * support sees. Mailgun stands in for the providers: each one's route ends in the same recorder.
 */
const SIGNING_KEY = randomBytes(24).toString('hex');
const ADMIN_TOKEN = randomBytes(24).toString('base64url');
const customer = {
  id: 'c-bounce',
  email: 'mirela.vasquez@example.net',
  firstName: 'Mirela',
  lastName: 'Vasquez',
  locale: 'en-US',
  timezone: 'America/New_York',
  acceptsMarketing: true,
};
const order = (orderId: string, buyer = customer) => ({
  orderId,
  placedAt: new Date().toISOString(),
  currency: 'USD',
  total: '58.00',
  customer: buyer,
  lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
});

let h: DevHarness;
let logs: CapturedLogs;
let api: TestApi;

beforeAll(async () => {
  logs = captureLogs();
  h = await startDevHarness('provider-bounce');
  api = await startTestApi(h.env.client, h.deps.stores, 'provider-bounce', {
    config: {
      SHOPIFY_WEBHOOK_SECRET: undefined,
      LOG_LEVEL: 'debug',
      MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY,
      MAIL_WEBHOOK_MAX_AGE_SECONDS: 300,
    },
    logger: logs.api,
    support: { gateway: supportGateway(h.env.client), adminToken: ADMIN_TOKEN },
  });
});

afterAll(async () => {
  await api?.close();
  await h?.close();
});

const handle = (customerId = customer.id) => h.env.client.workflow.getHandle(customerWorkflowId('default', customerId));
/** Polls the journey's state until `found` finds something in it (bounded). */
async function eventually<T>(
  found: (state: CustomerState) => T | undefined,
  what: string,
  customerId = customer.id,
): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = found(await handle(customerId).query(journeyState));
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw ${what}`);
}
const reassuranceOf = (state: CustomerState, orderId: string): PlannedMessage | undefined =>
  state.runs.find((r) => r.orderId === orderId)?.messages.find((m) => m.stepId === 'reassurance');

it('a hard bounce from the provider blocks the address, shows on the message, and suppresses the next send', async () => {
  expect((await api.post('/v1/orders', order('PB-1'))).status).toBe(202);
  const sent = await eventually((s) => {
    const m = reassuranceOf(s, 'PB-1');
    return m?.status === 'sent' ? m : undefined;
  }, 'the first reassurance sent');
  expect(h.sink.mails.filter((m) => m.envelopeTo.includes(customer.email))).toHaveLength(1);

  // Mailgun's permanent failure for that message, signed as Mailgun signs it.
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = randomBytes(25).toString('hex');
  const webhook = {
    signature: {
      timestamp,
      token,
      signature: createHmac('sha256', SIGNING_KEY)
        .update(timestamp + token)
        .digest('hex'),
    },
    'event-data': {
      id: 'mg-e2e-1',
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      timestamp: Date.now() / 1000,
      recipient: customer.email,
      message: { headers: { 'message-id': sent.messageId!.slice(1, -1) } },
    },
  };
  const res = await fetch(`${api.baseUrl}/v1/webhooks/mailgun`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(webhook),
  });
  expect(res.status).toBe(200);

  const delivery = await eventually((s) => reassuranceOf(s, 'PB-1')?.delivery, 'the bounce on the message');
  expect(delivery).toMatchObject({ kind: 'hard-bounce', provider: 'mailgun', detail: 'failed/permanent/bounce' });
  const state = await handle().query(journeyState);
  expect(state.log.filter((l) => l.kind === 'delivery').map((l) => l.detail)).toEqual([
    expect.stringMatching(/^reassurance: hard-bounce reported by mailgun \(failed\/permanent\/bounce\) at /),
  ]);
  // What support sees through the admin API: the sent message with what the provider said about it.
  const support = await fetch(`${api.baseUrl}/v1/customers/${customer.id}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const { overview } = (await support.json()) as { overview: { sent: SentMessage[] } };
  expect(overview.sent.map((m) => [m.stepId, m.delivery])).toEqual([
    [
      'reassurance',
      expect.stringMatching(
        /^hard bounce reported by mailgun \d{4}-\d\d-\d\d \d\d:\d\d UTC \(failed\/permanent\/bounce\)$/,
      ),
    ],
  ]);
  const outcomes = await h.deps.stores.db
    .selectFrom('fact_messages')
    .select('outcome')
    .where('customer_id', '=', customer.id)
    .where('step_id', '=', 'reassurance')
    .orderBy('outcome')
    .execute();
  expect(outcomes.map((o) => o.outcome)).toEqual(['bounced', 'sent']);

  // The block belongs to the address: a new customer record with it (a guest checkout) is not mailed either.
  const guest = { ...customer, id: 'c-bounce-guest' };
  expect((await api.post('/v1/orders', order('PB-2', guest))).status).toBe(202);
  const next = await eventually(
    (s) => {
      const m = reassuranceOf(s, 'PB-2');
      return m && m.status !== 'pending' ? m : undefined;
    },
    'the guest reassurance settled',
    guest.id,
  );
  expect(next).toMatchObject({ status: 'skipped', reason: 'address blocked: hard-bounce' });
  expect(h.sink.mails.filter((m) => m.envelopeTo.includes(customer.email))).toHaveLength(1);
}, 90_000);

it('no line the API or the worker logged names the customer', () => {
  expectNoPersonalData(logs.lines, personalDataOf({ customer }));
});
