import { randomUUID } from 'node:crypto';
import type { CustomerState } from '../../rules/journeyState';
import { itemSkus } from '../../rules/messageItems';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { waitUntil } from '../helpers/faultProcesses';
import { type CapturedLogs, captureLogs, expectNoPersonalData } from '../helpers/logCapture';
import { newShopifySecret, shopifyDelivery, shopifyFixture } from '../helpers/shopifyWebhooks';
import { iso } from '../../rules/iso';

/**
 * A Shopify store connected by webhooks alone, on real parts (API → Temporal dev server → worker → SMTP sink):
 * orders/create → fulfillment_events/create "delivered" → refunds/create of one of the two products →
 * customers/update unsubscribed, each signed as Shopify signs it; the journey's state shows each of them.
 */
const SHOP = 'e2e-store.myshopify.com';
const TASK_QUEUE = 'shopify-e2e';
const secret = newShopifySecret();
const ids = {
  order: 6201391349813,
  customer: 7390112465077,
  serumLine: 15911102562357,
  cleanserLine: 15911102595125,
  fulfillment: 5402367623221,
  event: 3090114560053,
  refund: 9920331055157,
};
const EMAIL = 'sakura.e2e@example.jp';

let h: DevHarness;
let api: TestApi;
let logs: CapturedLogs;
beforeAll(async () => {
  logs = captureLogs();
  h = await startDevHarness(TASK_QUEUE);
  api = await startTestApi(h.env.client, h.deps.stores, TASK_QUEUE, {
    config: { SHOPIFY_WEBHOOK_SECRET: secret, LOG_LEVEL: 'debug' },
    logger: logs.api,
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** Shopify's payloads (the fixtures' shapes), for this store's ids and today's times. */
function payloads(now: number) {
  const order = JSON.parse(shopifyFixture('orders-create'));
  Object.assign(order, {
    id: ids.order,
    admin_graphql_api_id: gid('Order', ids.order),
    created_at: iso(now),
    email: EMAIL,
    contact_email: EMAIL,
  });
  Object.assign(order.customer, {
    id: ids.customer,
    admin_graphql_api_id: gid('Customer', ids.customer),
    email: EMAIL,
    first_name: 'さくら',
  });
  order.line_items = [
    {
      ...order.line_items[0],
      id: ids.serumLine,
      admin_graphql_api_id: gid('LineItem', ids.serumLine),
      sku: 'VC-SERUM-30',
      quantity: 1,
      price: '6800',
    },
    {
      ...order.line_items[1],
      id: ids.cleanserLine,
      admin_graphql_api_id: gid('LineItem', ids.cleanserLine),
      sku: 'GENTLE-CLEANSER',
      quantity: 1,
      price: '2400',
    },
  ];
  order.total_price = '9200';

  // Delivered an hour ago: the how-to emails (two hours after the delivery) are still ahead when the refund comes.
  const delivered = JSON.parse(shopifyFixture('fulfillment-events-create'));
  Object.assign(delivered, {
    id: ids.event,
    admin_graphql_api_id: gid('FulfillmentEvent', ids.event),
    fulfillment_id: ids.fulfillment,
    order_id: ids.order,
    happened_at: iso(now - 3_600_000),
  });

  const refund = JSON.parse(shopifyFixture('refunds-create'));
  Object.assign(refund, {
    id: ids.refund,
    admin_graphql_api_id: gid('Refund', ids.refund),
    order_id: ids.order,
    created_at: iso(now),
    processed_at: iso(now),
  });
  Object.assign(refund.refund_line_items[0], { line_item_id: ids.serumLine });
  Object.assign(refund.refund_line_items[0].line_item, {
    id: ids.serumLine,
    admin_graphql_api_id: gid('LineItem', ids.serumLine),
    sku: 'VC-SERUM-30',
  });
  refund.transactions = [{ ...refund.transactions[0], order_id: ids.order, amount: '6800' }];

  const customer = JSON.parse(shopifyFixture('customers-update'));
  Object.assign(customer, {
    id: ids.customer,
    admin_graphql_api_id: gid('Customer', ids.customer),
    email: EMAIL,
    updated_at: iso(now),
  });
  customer.email_marketing_consent = {
    state: 'unsubscribed',
    opt_in_level: 'single_opt_in',
    consent_updated_at: iso(now),
  };
  customer.addresses = [];
  customer.default_address = null;

  return { order, delivered, refund, customer };
}

/** Posts one delivery to the listening API, as Shopify would. */
async function deliver(topic: string, payload: unknown) {
  const {
    url,
    headers,
    payload: body,
  } = shopifyDelivery(topic, JSON.stringify(payload), { secret, shop: SHOP, webhookId: randomUUID() });
  const response = await fetch(`${api.baseUrl}${url}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const state = () => h.env.client.workflow.getHandle(customerWorkflowId(SHOP, String(ids.customer))).query(journeyState);
const until = (what: string, test: (s: CustomerState) => boolean) =>
  waitUntil(
    what,
    async () => {
      const s = await state().catch(() => undefined);
      return s && test(s) ? s : undefined;
    },
    30_000,
  );

test('orders/create → delivered → partial refund → unsubscribed, from webhooks to the journey', async () => {
  const now = Date.now();
  const { order, delivered, refund, customer } = payloads(now);
  const workflowId = customerWorkflowId(SHOP, String(ids.customer));

  expect(await deliver('orders/create', order)).toEqual({ status: 200, body: { workflowId } });
  const planned = await until('the order planned', (s) => s.runs.length > 0);
  const post = planned.runs.find((r) => r.journeyId === 'post-purchase')!;
  expect(post.messages.some((m) => itemSkus(m.item)?.includes('VC-SERUM-30'))).toBe(true);

  expect(await deliver('fulfillment_events/create', delivered)).toEqual({ status: 200, body: { workflowId } });
  await until('the delivery', (s) => s.orders[0]?.deliveredAt === delivered.happened_at);

  expect(await deliver('refunds/create', refund)).toEqual({ status: 200, body: { workflowId } });
  const afterRefund = await until('the partial refund', (s) => !!s.orders[0]?.refunds?.length);

  expect(await deliver('customers/update', customer)).toEqual({ status: 200, body: { recorded: true } });
  const final = await until('the unsubscribe', (s) => s.marketing?.status === 'unsubscribed');

  // The refund: recorded with its amount, the serum's messages ended, the cleanser's and the order's go on.
  expect(afterRefund.orders[0]).toMatchObject({
    orderId: String(ids.order),
    deliveredAt: delivered.happened_at,
    refunds: [
      { refundId: String(ids.refund), amount: '6800', currency: 'JPY', items: [{ sku: 'VC-SERUM-30', quantity: 1 }] },
    ],
  });
  expect(afterRefund.orders[0].refundedAt).toBeUndefined();
  const run = final.runs.find((r) => r.journeyId === 'post-purchase')!;
  expect(run.status).toBe('active');
  const about = (sku: string) => run.messages.filter((m) => itemSkus(m.item)?.includes(sku));
  expect(about('VC-SERUM-30').length).toBeGreaterThan(0);
  for (const message of about('VC-SERUM-30'))
    expect(message).toMatchObject({ status: 'cancelled', reason: expect.stringContaining('order.refunded in part') });
  expect(about('GENTLE-CLEANSER').some((m) => m.status === 'pending')).toBe(true);
  expect(about('GENTLE-CLEANSER').every((m) => m.status !== 'cancelled')).toBe(true);
  expect(final.log.map((l) => l.detail)).toContainEqual(
    expect.stringMatching(
      /^order\.refunded in part at .*products refunded: VC-SERUM-30; \d+ message\(s\) about them end$/,
    ),
  );

  // The consent: the store's word, dated by Shopify's consent_updated_at.
  expect(final.marketing).toEqual({
    status: 'unsubscribed',
    at: customer.email_marketing_consent.consent_updated_at,
    source: 'store',
  });

  // The reports: the refund's amount off the order's revenue.
  const fact = await h.deps.stores.db
    .selectFrom('fact_orders')
    .select(['total', 'refunded'])
    .where('store_id', '=', SHOP)
    .executeTakeFirstOrThrow();
  expect({ total: Number(fact.total), refunded: Number(fact.refunded) }).toEqual({ total: 9200, refunded: 6800 });

  expectNoPersonalData(logs.lines, { emails: [EMAIL], names: ['さくら', '山田'] });
}, 90_000);
