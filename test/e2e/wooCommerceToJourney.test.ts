import { randomBytes } from 'node:crypto';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { waitUntil } from '../helpers/faultProcesses';
import { type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';
import { expectNoPersonalData } from '../helpers/logCapture';
import { generateWooSecret, WOO_PING, wooDelivery, wooGmt, wooOrder } from '../helpers/wooCommerce';
import { fixtureContent } from '../helpers/fixtureContent';

/**
 * A WooCommerce store connected by its webhooks alone, on the real Temporal test server and worker: the activation
 * ping, a guest's order.created, then order.updated to completed (twice: every later edit of the order repeats its
 * status), then to refunded; the journey's state follows each, and the API logs no address or name.
 */
const STORE = 'woo-e2e';
const secret = generateWooSecret();
const content = fixtureContent();
const EMAIL = 'Guest.Buyer@Example.org';

let h: JourneyHarness;
let api: TestApi;
const apiLines: string[] = [];
beforeAll(async () => {
  h = await startJourneyHarness(() => content);
  api = await startTestApi(h.env.client, h.stores, 'journeys-test', {
    // The harness's gateway: the time-skipping server has no search attributes.
    gateway: h.gateway,
    webhookSecrets: { woocommerce: { [STORE]: secret } },
    config: {
      SHOPIFY_WEBHOOK_SECRET: undefined,
      AFTERGLOW_EMAIL_HASH_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'debug',
    },
    logger: { stream: { write: (line) => apiLines.push(line) } },
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const deliver = (payload: unknown, topic: string) => {
  const { body, headers } = wooDelivery(payload, { topic, secret });
  return fetch(`${api.baseUrl}/v1/webhooks/woocommerce/${STORE}`, { method: 'POST', headers, body });
};

test('order.created, then completed, completed again and refunded: the journey places, delivers and ends the order once each', async () => {
  const ping = await fetch(`${api.baseUrl}/v1/webhooks/woocommerce/${STORE}`, { method: 'POST', ...WOO_PING });
  expect(ping.status).toBe(200);

  const createdAt = Date.now() - 60_000;
  const guest = { customer_id: 0, billing: { ...wooOrder(createdAt).billing, email: EMAIL } };
  const created = await deliver(wooOrder(createdAt, guest), 'order.created');
  expect(created.status).toBe(200);
  const { workflowId } = (await created.json()) as { workflowId: string };
  const customerId = workflowId.slice(`customer/${STORE}/`.length);
  expect(customerId).toMatch(/^guest-[0-9a-f]{64}$/);

  const state = () => h.state(customerId, STORE);
  const placed = await waitUntil(
    'the order in the journey',
    async () => ((await state()).orders.length === 1 ? state() : undefined),
    10_000,
  );
  expect(placed.orders[0]).toMatchObject({ orderId: '727', placedAt: `${wooGmt(createdAt)}Z`, total: '68.00' });
  expect(placed.runs.map((r) => r.status)).toEqual(['active']);
  const reassurance = await waitUntil(
    'the reassurance email',
    async () => h.sink.mails.find((m) => m.envelopeTo.some((to) => to.toLowerCase() === EMAIL.toLowerCase())),
    30_000,
  );
  expect(reassurance.parsed.headers.get('x-afterglow-step')).toBe('reassurance');

  const completedAt = wooGmt(Date.now() - 30_000);
  const completed = wooOrder(createdAt, {
    ...guest,
    status: 'completed',
    date_completed_gmt: completedAt,
    date_modified_gmt: completedAt,
  });
  expect(await (await deliver(completed, 'order.updated')).json()).toEqual({ workflowId, event: 'order.delivered' });
  const delivered = await waitUntil(
    'the delivery in the journey',
    async () => ((await state()).orders[0].deliveredAt ? state() : undefined),
    10_000,
  );
  expect(delivered.orders[0].deliveredAt).toBe(`${completedAt}Z`);
  expect(delivered.runs[0].waits.filter((w) => w.event === 'order.delivered')).toEqual([
    expect.objectContaining({ outcome: 'event', resolvedAt: `${completedAt}Z` }),
  ]);

  // A later edit of the completed order (a note, a tracking number) delivers the same status again: nothing more happens.
  const editedAt = wooGmt(Date.now() - 20_000);
  expect((await deliver({ ...completed, date_modified_gmt: editedAt }, 'order.updated')).status).toBe(200);
  const repeated = await waitUntil(
    'the repeat logged as ignored',
    async () => {
      const s = await state();
      return s.log.some((e) => e.kind === 'ignored' && e.detail.includes('order.delivered already received')) && s;
    },
    10_000,
  );
  expect(repeated.orders).toEqual(delivered.orders);
  expect(repeated.runs[0].messages.map((m) => [m.stepId, m.status])).toEqual(
    delivered.runs[0].messages.map((m) => [m.stepId, m.status]),
  );

  const refundedAt = wooGmt(Date.now() - 10_000);
  const refunded = await deliver(
    wooOrder(createdAt, {
      ...guest,
      status: 'refunded',
      date_completed_gmt: completedAt,
      date_modified_gmt: refundedAt,
    }),
    'order.updated',
  );
  expect(await refunded.json()).toEqual({ workflowId, event: 'order.refunded' });
  const ended = await waitUntil(
    'the refund in the journey',
    async () => ((await state()).orders[0].refundedAt ? state() : undefined),
    10_000,
  );
  expect(ended.orders[0]).toMatchObject({ deliveredAt: `${completedAt}Z`, refundedAt: `${refundedAt}Z` });
  expect(ended.runs.map((r) => r.status)).toEqual(['exited']);
  expect(ended.runs[0].messages.filter((m) => m.status === 'pending')).toEqual([]);

  expectNoPersonalData(apiLines, { emails: [EMAIL], names: ['Zoë', 'Doe'] });
}, 120_000);
