import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server';
import { consentRecorder } from '../../client/consentRecorder';
import { storeKeyring } from '../../credentials/storeKeys';
import type { PerStoreWebhookSecrets } from '../../credentials/webhookSecrets';
import { recordingGateway } from '../../measurement/recordingGateway';
import { openStores, type Stores } from '../../storage';
import {
  type DeliveryOptions,
  newShopifySecret,
  RecordingPrivacyRequests,
  shopifyDelivery,
  shopifyFixture,
} from '../helpers/shopifyWebhooks';
import { RecordingGateway, SHOP_DOMAIN, TEST_NOW } from './helpers';

/**
 * POST /v1/webhooks/shopify on real storage (SQLite): every topic signed exactly as Shopify signs, with secrets made
 * here; bad signatures, replays, replays under another shop, stale deliveries, per-shop and app-level secrets.
 */
const ORDER_ID = '820982911946154508';
const CUSTOMER_ID = '115310627314723954';
const OTHER_SHOP = 'victim-shop.myshopify.com';
const CUSTOM_APP_SHOP = 'custom-app.myshopify.com';

const fixture = {
  order: shopifyFixture('orders-create'),
  fulfillmentEvent: shopifyFixture('fulfillment-events-create'),
  fulfillment: shopifyFixture('fulfillments-update'),
  refund: shopifyFixture('refunds-create'),
  customer: shopifyFixture('customers-update'),
  dataRequest: shopifyFixture('customers-data-request'),
  customerRedact: shopifyFixture('customers-redact'),
  shopRedact: shopifyFixture('shop-redact'),
};
/** The same payload with one value swapped (the fixture's bytes otherwise, as Shopify would send them). */
const withText = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.replace(from, to);
};
const cancelled = withText(fixture.order, '"cancelled_at": null', '"cancelled_at": "2026-03-03T09:00:00+09:00"');

let appSecret: string;
let customAppSecret: string;
let app: FastifyInstance;
let gateway: RecordingGateway;
let privacy: RecordingPrivacyRequests;
let stores: Stores;
let dataDir: string;

async function start({
  withPrivacy = true,
  perStore,
}: { withPrivacy?: boolean; perStore?: PerStoreWebhookSecrets } = {}) {
  await app?.close();
  gateway = new RecordingGateway();
  privacy = new RecordingPrivacyRequests();
  app = await buildServer({
    gateway: recordingGateway(gateway, stores.facts, () => 5 * 86_400_000),
    storeKeys: () => storeKeyring([], []),
    now: () => TEST_NOW,
    config: { SHOPIFY_WEBHOOK_SECRET: appSecret, LOG_LEVEL: 'info' },
    logger: false,
    webhookDeliveries: stores.webhookDeliveries,
    webhookResources: stores.webhookResources,
    webhookSecrets: perStore ?? { shopify: { [CUSTOM_APP_SHOP]: customAppSecret } },
    customerLookup: stores.facts,
    recordConsent: consentRecorder(stores.db, async () => undefined),
    ...(withPrivacy && { privacyRequests: privacy }),
  });
}

beforeEach(async () => {
  appSecret = newShopifySecret();
  customAppSecret = newShopifySecret();
  dataDir = mkdtempSync(path.join(tmpdir(), 'afterglow-shopify-webhooks-'));
  stores = await openStores({ dataDir });
  await start();
});
afterEach(async () => {
  await app.close();
  await stores.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const deliver = (topic: string, body: string, options: Partial<DeliveryOptions> = {}) =>
  app.inject(shopifyDelivery(topic, body, { secret: appSecret, ...options }));
const events = () => gateway.calls.flatMap((c) => (c.method === 'reportEvent' ? [c.event] : []));
const orders = () => gateway.calls.flatMap((c) => (c.method === 'placeOrder' ? [c.order] : []));
const consentRows = () =>
  stores.db
    .selectFrom('consent_changes')
    .select(['customer_id', 'status', 'source', 'at', 'opt_in_level'])
    .orderBy('id')
    .execute();
const outboxSignals = () => stores.db.selectFrom('outbox').select(['workflow_id', 'signal']).execute();
const refundedOfOrder = async () =>
  Number(
    (
      await stores.db
        .selectFrom('fact_orders')
        .select('refunded')
        .where('order_id', '=', ORDER_ID)
        .executeTakeFirstOrThrow()
    ).refunded,
  );
const rowCount = async (
  table:
    'webhook_deliveries' | 'fact_orders' | 'fact_events' | 'consent_changes' | 'outbox' | 'webhook_resource_versions',
) =>
  Number(
    (
      await stores.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The order the later topics are about, taken as Shopify's orders/create delivers it. */
async function placeTheOrder() {
  const res = await deliver('orders/create', fixture.order);
  expect(res.statusCode).toBe(200);
  gateway.calls.length = 0;
}

describe('each topic, signed as Shopify signs it', () => {
  it('orders/create starts the journey and records the order for the reports', async () => {
    const res = await deliver('orders/create', fixture.order);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workflowId: `customer/${SHOP_DOMAIN}/${CUSTOMER_ID}` });
    expect(orders()).toMatchObject([{ orderId: ORDER_ID, customer: { id: CUSTOMER_ID } }]);
    expect(await stores.facts.customerOfOrder(SHOP_DOMAIN, ORDER_ID)).toBe(CUSTOMER_ID);
  });

  it('orders/cancelled ends the order: order.cancelled at its cancelled_at, for the customer the order was placed for', async () => {
    await placeTheOrder();
    const res = await deliver('orders/cancelled', cancelled);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workflowId: `customer/${SHOP_DOMAIN}/${CUSTOMER_ID}` });
    expect(events()).toEqual([
      {
        type: 'order.cancelled',
        storeId: SHOP_DOMAIN,
        customerId: CUSTOMER_ID,
        orderId: ORDER_ID,
        occurredAt: '2026-03-03T09:00:00+09:00',
      },
    ]);
  });

  it('fulfillment_events/create "delivered" delivers the order at happened_at; other statuses are acknowledged only', async () => {
    await placeTheOrder();
    const inTransit = await deliver(
      'fulfillment_events/create',
      withText(fixture.fulfillmentEvent, '"status": "delivered"', '"status": "in_transit"'),
    );
    const delivered = await deliver('fulfillment_events/create', fixture.fulfillmentEvent);

    expect(inTransit.statusCode).toBe(200);
    expect(inTransit.json()).toEqual({ skipped: 'fulfillment event "in_transit": only "delivered" is a delivery' });
    expect(delivered.statusCode).toBe(200);
    expect(events()).toEqual([
      {
        type: 'order.delivered',
        storeId: SHOP_DOMAIN,
        customerId: CUSTOMER_ID,
        orderId: ORDER_ID,
        occurredAt: '2026-03-04T14:02:11+09:00',
      },
    ]);
  });

  it('fulfillments/update with shipment_status "delivered" delivers the order at its updated_at', async () => {
    await placeTheOrder();
    const shipped = await deliver(
      'fulfillments/update',
      withText(fixture.fulfillment, '"shipment_status": "delivered"', '"shipment_status": "in_transit"'),
    );
    const delivered = await deliver('fulfillments/update', fixture.fulfillment);

    expect(shipped.json()).toEqual({ skipped: 'shipment status "in_transit": only "delivered" is a delivery' });
    expect(delivered.statusCode).toBe(200);
    expect(events()).toEqual([
      {
        type: 'order.delivered',
        storeId: SHOP_DOMAIN,
        customerId: CUSTOMER_ID,
        orderId: ORDER_ID,
        occurredAt: '2026-03-04T14:02:15+09:00',
      },
    ]);
  });

  it('brings a delivery dated in the future back to now', async () => {
    await placeTheOrder();
    await deliver(
      'fulfillment_events/create',
      withText(
        fixture.fulfillmentEvent,
        '"happened_at": "2026-03-04T14:02:11+09:00"',
        '"happened_at": "2026-03-09T00:00:00+09:00"',
      ),
    );
    expect(events()[0].occurredAt).toBe(new Date(TEST_NOW).toISOString());
  });

  it('refunds/create reports the refund with its id, amount and products, and takes the amount off the order once', async () => {
    await placeTheOrder();
    const res = await deliver('refunds/create', fixture.refund);
    const retry = await deliver('refunds/create', fixture.refund, {
      webhookId: 'refund-retry',
      eventId: 'refund-retry',
    });

    expect([res.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(events()[0]).toEqual({
      type: 'order.refunded',
      storeId: SHOP_DOMAIN,
      customerId: CUSTOMER_ID,
      orderId: ORDER_ID,
      occurredAt: '2026-03-05T11:20:31+09:00',
      refund: {
        refundId: '509562969126342881',
        amount: '6980',
        currency: 'JPY',
        items: [{ sku: 'SERUM-C-30', quantity: 1 }],
      },
    });
    expect(await refundedOfOrder()).toBe(6980);
  });

  it("refunds/create names a SKU-less product as the order did, and leaves out failed transactions' money", async () => {
    await placeTheOrder();
    // Edited as text: JSON.parse would round the order id (above 2^53) that the refund names its order by.
    let refund = withText(
      fixture.refund,
      '"variant_id": 808950810,\n        "title": "ビタミンC美容液",\n        "quantity": 1,\n        "sku": "SERUM-C-30"',
      '"variant_id": 49148383281,\n        "title": "保湿クリーム",\n        "quantity": 2,\n        "sku": ""',
    );
    refund = withText(
      refund,
      '"transactions": [',
      '"transactions": [\n    { "kind": "refund", "status": "failure", "amount": "9999", "currency": "JPY" },',
    );
    await deliver('refunds/create', refund);

    expect(events()[0].refund).toEqual({
      refundId: '509562969126342881',
      amount: '6980',
      currency: 'JPY',
      items: [{ sku: 'variant-49148383281', quantity: 1 }],
    });
  });

  it('customers/update records the email marketing consent through the consent path, dated by consent_updated_at', async () => {
    const res = await deliver('customers/update', fixture.customer);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ recorded: true });
    expect(await consentRows()).toEqual([
      {
        customer_id: CUSTOMER_ID,
        status: 'unsubscribed',
        source: 'store',
        at: '2026-03-05T11:11:02.000Z',
        opt_in_level: null,
      },
    ]);
    expect(await outboxSignals()).toEqual([
      { workflow_id: `customer/${SHOP_DOMAIN}/${CUSTOMER_ID}`, signal: 'consentChanged' },
    ]);
  });

  it('customers/update keeps the opt-in level of a subscription, and records nothing for states that are not a choice', async () => {
    const subscribed = withText(
      fixture.customer,
      '"state": "unsubscribed",\n    "opt_in_level": "single_opt_in"',
      '"state": "subscribed",\n    "opt_in_level": "confirmed_opt_in"',
    );
    const pending = withText(fixture.customer, '"state": "unsubscribed"', '"state": "pending"');
    const never = withText(fixture.customer, '"state": "unsubscribed"', '"state": "not_subscribed"');

    expect((await deliver('customers/update', pending)).json()).toEqual({
      skipped: 'email marketing state "pending" is not a choice of the customer\'s',
    });
    expect((await deliver('customers/update', never)).json()).toEqual({
      skipped: 'email marketing state "not_subscribed" is not a choice of the customer\'s',
    });
    expect((await deliver('customers/update', subscribed)).json()).toEqual({ recorded: true });
    expect(await consentRows()).toEqual([
      {
        customer_id: CUSTOMER_ID,
        status: 'subscribed',
        source: 'store',
        at: '2026-03-05T11:11:02.000Z',
        opt_in_level: 'confirmed',
      },
    ]);
  });

  it('customers/update for every other change of the customer records the same consent once', async () => {
    await deliver('customers/update', fixture.customer, { triggeredAt: '2026-03-05T11:11:03Z' });
    const addressChanged = withText(
      fixture.customer,
      '"updated_at": "2026-03-05T20:11:02+09:00"',
      '"updated_at": "2026-03-06T08:00:00+09:00"',
    );
    const res = await deliver('customers/update', addressChanged, { triggeredAt: '2026-03-05T23:00:00Z' });

    expect(res.json()).toEqual({ skipped: 'this consent, or a newer one, was already recorded' });
    expect(await rowCount('consent_changes')).toBe(1);
    expect(await rowCount('outbox')).toBe(1);
  });

  it('customers/data_request asks the privacy requests for an export of the customer', async () => {
    const res = await deliver('customers/data_request', fixture.dataRequest);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ requestIds: ['pr-1'] });
    expect(privacy.requests).toEqual([
      {
        kind: 'export',
        input: { storeId: SHOP_DOMAIN, customerId: CUSTOMER_ID, source: 'shopify:customers/data_request' },
      },
    ]);
  });

  it('customers/redact asks for the erasure of the customer, with the address Shopify names', async () => {
    const res = await deliver('customers/redact', fixture.customerRedact);

    expect(res.json()).toEqual({ requestIds: ['pr-1'] });
    expect(privacy.requests).toEqual([
      {
        kind: 'erase',
        input: {
          storeId: SHOP_DOMAIN,
          customerId: CUSTOMER_ID,
          source: 'shopify:customers/redact',
          emails: ['hanako.yamada@example.jp'],
        },
      },
    ]);
  });

  it('customers/redact that names the customer by address only finds them from their orders; nobody known, nothing asked', async () => {
    const byAddress = JSON.stringify({
      shop_id: 61738811466,
      shop_domain: SHOP_DOMAIN,
      customer: { email: 'Hanako.Yamada@example.jp' },
      orders_to_redact: [],
    });
    const unknown = await deliver('customers/redact', byAddress);
    await placeTheOrder();
    const known = await deliver('customers/redact', byAddress);

    expect(unknown.json()).toEqual({
      skipped: 'no customer of this store matches the request: nothing is held about them',
    });
    expect(known.json()).toEqual({ requestIds: ['pr-1'] });
    expect(privacy.requests).toEqual([
      {
        kind: 'erase',
        input: {
          storeId: SHOP_DOMAIN,
          customerId: CUSTOMER_ID,
          source: 'shopify:customers/redact',
          emails: ['Hanako.Yamada@example.jp'],
        },
      },
    ]);
  });

  it('shop/redact asks for the erasure of the whole store', async () => {
    const res = await deliver('shop/redact', fixture.shopRedact);

    expect(res.json()).toEqual({ requestId: 'pr-1' });
    expect(privacy.requests).toEqual([
      { kind: 'erase-store', input: { storeId: SHOP_DOMAIN, source: 'shopify:shop/redact' } },
    ]);
  });

  it.each([
    ['customers/data_request', fixture.dataRequest],
    ['customers/redact', fixture.customerRedact],
    ['shop/redact', fixture.shopRedact],
  ])(
    '%s whose signed body names another shop than the header is refused (a captured request replayed elsewhere)',
    async (topic, body) => {
      const res = await deliver(topic, body, { shop: OTHER_SHOP });

      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([
        { path: 'shop_domain', message: 'must be the shop named by X-Shopify-Shop-Domain' },
      ]);
      expect(privacy.requests).toEqual([]);
    },
  );

  it('answers 503 to privacy webhooks while no privacy requests are wired (Shopify retries), and asks nothing', async () => {
    await start({ withPrivacy: false });
    const res = await deliver('customers/redact', fixture.customerRedact);

    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'webhook_not_configured' });
  });

  it('acknowledges a topic it does not handle with 200 and a note, and does nothing', async () => {
    const res = await deliver('products/update', '{"id": 632910392, "title": "IPod Nano - 8GB"}');

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ignored: 'topic "products/update" is not one Afterglow handles: acknowledged, nothing done',
    });
    expect(gateway.calls).toEqual([]);
  });

  it.each([
    ['orders/cancelled', cancelled],
    ['fulfillment_events/create', shopifyFixture('fulfillment-events-create')],
    ['refunds/create', shopifyFixture('refunds-create')],
  ])('%s about an order that never reached Afterglow is acknowledged and skipped', async (topic, body) => {
    const res = await deliver(topic, body);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ skipped: `order ${ORDER_ID} never reached Afterglow` });
    expect(gateway.calls).toEqual([]);
  });

  it('keeps the alias: /v1/webhooks/shopify/orders-create takes orders/create, also without the topic header', async () => {
    const res = await deliver('orders/create', fixture.order, {
      url: '/v1/webhooks/shopify/orders-create',
      headers: { 'x-shopify-topic': undefined },
    });
    const noTopic = await deliver('orders/create', fixture.order, { headers: { 'x-shopify-topic': undefined } });

    expect(res.statusCode).toBe(200);
    expect(orders()).toHaveLength(1);
    expect(noTopic.statusCode).toBe(400);
    expect(noTopic.json().issues).toEqual([{ path: 'headers.x-shopify-topic', message: expect.any(String) }]);
  });
});

describe('signatures', () => {
  const everyTopic: Array<[string, string]> = [
    ['orders/create', fixture.order],
    ['orders/cancelled', cancelled],
    ['fulfillment_events/create', fixture.fulfillmentEvent],
    ['fulfillments/update', fixture.fulfillment],
    ['refunds/create', fixture.refund],
    ['customers/update', fixture.customer],
    ['customers/data_request', fixture.dataRequest],
    ['customers/redact', fixture.customerRedact],
    ['shop/redact', fixture.shopRedact],
  ];

  it.each(everyTopic)('%s with a bad signature is refused with 401 and changes nothing', async (topic, body) => {
    await placeTheOrder();
    const before = await Promise.all(
      (
        [
          'webhook_deliveries',
          'fact_orders',
          'fact_events',
          'consent_changes',
          'outbox',
          'webhook_resource_versions',
        ] as const
      ).map(rowCount),
    );

    const answers = await Promise.all([
      deliver(topic, body, { secret: newShopifySecret() }),
      deliver(topic, body, { headers: { 'x-shopify-hmac-sha256': undefined } }),
      // Signed, then one byte added.
      app.inject({ ...shopifyDelivery(topic, body, { secret: appSecret }), payload: `${body} ` }),
    ]);

    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401]);
    expect(answers[0].json()).toEqual({
      error: 'invalid_signature',
      message: 'missing or invalid X-Shopify-Hmac-Sha256 signature',
    });
    expect(gateway.calls).toEqual([]);
    expect(privacy.requests).toEqual([]);
    expect(
      await Promise.all(
        (
          [
            'webhook_deliveries',
            'fact_orders',
            'fact_events',
            'consent_changes',
            'outbox',
            'webhook_resource_versions',
          ] as const
        ).map(rowCount),
      ),
    ).toEqual(before);
  });

  it("takes a custom app's shop only with its own secret; other shops with the app-level secret", async () => {
    const own = await deliver('orders/create', fixture.order, { shop: CUSTOM_APP_SHOP, secret: customAppSecret });
    const appLevel = await deliver('orders/create', fixture.order, { shop: CUSTOM_APP_SHOP, secret: appSecret });
    const otherShop = await deliver('orders/create', fixture.order, {
      shop: 'plain-app.myshopify.com',
      secret: appSecret,
    });
    const otherShopWithCustomSecret = await deliver('orders/create', fixture.order, {
      shop: 'plain-app.myshopify.com',
      secret: customAppSecret,
    });

    expect([own.statusCode, appLevel.statusCode, otherShop.statusCode, otherShopWithCustomSecret.statusCode]).toEqual([
      200, 401, 200, 401,
    ]);
    expect(orders().map((o) => o.storeId)).toEqual([CUSTOM_APP_SHOP, 'plain-app.myshopify.com']);
  });

  it('answers 503 for a shop without a secret of its own when there is no app-level secret either', async () => {
    appSecret = '';
    await start();
    const unconfigured = await deliver('orders/create', fixture.order, { secret: '' });
    const custom = await deliver('orders/create', fixture.order, { shop: CUSTOM_APP_SHOP, secret: customAppSecret });

    expect(unconfigured.statusCode).toBe(503);
    expect(unconfigured.json()).toMatchObject({
      error: 'webhook_not_configured',
      message: expect.stringContaining('SHOPIFY_WEBHOOK_SECRET'),
    });
    expect(custom.statusCode).toBe(200);
  });
});

describe('replays and stale deliveries', () => {
  it('takes a replayed delivery again from the same shop, harmlessly: the refund counts once', async () => {
    await placeTheOrder();
    const options = { webhookId: 'wh-1', eventId: 'ev-1' };
    const first = await deliver('refunds/create', fixture.refund, options);
    const replay = await deliver('refunds/create', fixture.refund, options);

    expect([first.statusCode, replay.statusCode]).toEqual([200, 200]);
    expect(events()).toHaveLength(2);
    expect(events()[0]).toEqual(events()[1]);
    expect(await rowCount('fact_events')).toBe(1);
    expect(await refundedOfOrder()).toBe(6980);
  });

  it.each([
    ['the same webhook id', { webhookId: 'wh-1' }],
    ['the same event id', { eventId: 'ev-1' }],
  ])('refuses a delivery replayed under another shop (%s) with 409', async (_name, ids) => {
    await placeTheOrder();
    await deliver('customers/update', fixture.customer, { webhookId: 'wh-1', eventId: 'ev-1' });
    const replay = await deliver('customers/update', withText(fixture.customer, '"unsubscribed"', '"subscribed"'), {
      shop: OTHER_SHOP,
      ...ids,
    });

    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ error: 'duplicate_webhook' });
    expect(await consentRows()).toEqual([expect.objectContaining({ status: 'unsubscribed' })]);
  });

  it('acknowledges a customers/update triggered before one already applied as stale, and keeps the newer consent', async () => {
    const newer = await deliver('customers/update', fixture.customer, {
      triggeredAt: '2026-03-05T11:11:03.123456789Z',
    });
    const subscribedEarlier = withText(
      withText(fixture.customer, '"state": "unsubscribed"', '"state": "subscribed"'),
      '"consent_updated_at": "2026-03-05T20:11:02+09:00"',
      '"consent_updated_at": "2026-03-01T09:00:00+09:00"',
    );
    const older = await deliver('customers/update', subscribedEarlier, { triggeredAt: '2026-03-01T00:00:01Z' });

    expect(newer.json()).toEqual({ recorded: true });
    expect(older.statusCode).toBe(200);
    expect(older.json()).toEqual({ stale: true });
    expect(await consentRows()).toEqual([expect.objectContaining({ status: 'unsubscribed' })]);
  });

  it('acknowledges a fulfillment update older than a delivery already applied for that fulfillment as stale', async () => {
    await placeTheOrder();
    await deliver('fulfillment_events/create', fixture.fulfillmentEvent, { triggeredAt: '2026-03-04T05:02:15Z' });
    const older = await deliver('fulfillments/update', fixture.fulfillment, { triggeredAt: '2026-03-04T05:00:00Z' });
    const sameTime = await deliver('fulfillments/update', fixture.fulfillment, { triggeredAt: '2026-03-04T05:02:15Z' });

    expect(older.json()).toEqual({ stale: true });
    expect(sameTime.json()).toEqual({ workflowId: `customer/${SHOP_DOMAIN}/${CUSTOMER_ID}` });
    expect(events().map((e) => e.type)).toEqual(['order.delivered', 'order.delivered']);
  });

  it('never holds a fact (a refund, an order) for stale: each is deduplicated by its own id instead', async () => {
    await placeTheOrder();
    await deliver('refunds/create', fixture.refund, { triggeredAt: '2026-03-05T02:20:32Z' });
    const second = withText(
      withText(fixture.refund, '"id": 509562969126342881', '"id": 509562969126342882'),
      'gid://shopify/Refund/509562969126342881',
      'gid://shopify/Refund/509562969126342882',
    );
    const earlierTriggered = await deliver('refunds/create', second, { triggeredAt: '2026-03-05T02:00:00Z' });

    expect(earlierTriggered.json()).toEqual({ workflowId: `customer/${SHOP_DOMAIN}/${CUSTOMER_ID}` });
    expect(await rowCount('fact_events')).toBe(2);
    expect(await refundedOfOrder()).toBe(13530);
  });
});
