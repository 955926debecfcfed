import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { TemporalUnavailableError } from '../../client/temporalUnavailable';
import { emailSearchHash } from '../../credentials/emailSearchHash';
import type { Order } from '../../domain/order';
import { webhookDeliveryStore } from '../../storage/webhookDeliveries';
import { dialects, storageFor } from '../storage/backends';
import { generateWooSecret, WOO_PING, wooDelivery, wooDeliveryId, wooGmt, wooOrder } from '../helpers/wooCommerce';
import { type RecordingGateway, TEST_NOW, testApp } from './helpers';

const HOUR = 3_600_000;
const STORE = 'woo-shop';
const url = (storeId = STORE) => `/v1/webhooks/woocommerce/${storeId}`;
/** Generated per run, as a store's WooCommerce generates its own. */
const appSecret = generateWooSecret();
const ownSecret = generateWooSecret();
const guestKey = randomBytes(32).toString('hex');
/** The order was created yesterday (TEST_NOW is pinned). */
const createdAt = TEST_NOW - 20 * HOUR;

const expectedOrder: Order = {
  storeId: STORE,
  orderId: '727',
  placedAt: `${wooGmt(createdAt)}Z`,
  currency: 'USD',
  total: '68.00',
  customer: {
    id: '7',
    email: 'Zoe.Doe@Example.com',
    firstName: 'Zoë',
    lastName: 'Doe',
    // No zone in a WooCommerce order: Portland's postcode gives it.
    timezone: 'America/Los_Angeles',
    timezoneSource: 'address',
    locale: 'en-US',
    acceptsMarketing: false,
  },
  lineItems: [
    { sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '38' },
    // No SKU: the product id names it; WooCommerce's float price is cut to 4 places.
    { sku: 'product-94', title: 'Lip balm — 3 for 20', quantity: 3, unitPrice: '6.6667' },
  ],
};

describe('POST /v1/webhooks/woocommerce/:storeId', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;
  const start = async (options: { appLevel?: string; perStore?: Record<string, string>; guest?: string } = {}) => {
    ({ app, gateway } = await testApp({
      config: {
        SHOPIFY_WEBHOOK_SECRET: undefined,
        WOOCOMMERCE_WEBHOOK_SECRET: options.appLevel,
        AFTERGLOW_EMAIL_HASH_SECRET: options.guest,
        LOG_LEVEL: 'info',
      },
      webhookSecrets: { woocommerce: options.perStore },
    }));
  };
  afterEach(() => app.close());

  const send = (
    payload: unknown,
    options: { topic?: string; secret?: string; deliveryId?: string; storeId?: string } = {},
  ) => {
    const { body, headers } = wooDelivery(payload, { secret: appSecret, ...options });
    return app.inject({ method: 'POST', url: url(options.storeId), payload: body, headers });
  };
  const placed = () => gateway.calls.flatMap((c) => (c.method === 'placeOrder' ? [c.order] : []));
  const events = () => gateway.calls.flatMap((c) => (c.method === 'reportEvent' ? [c.event] : []));

  describe('with the app-level secret', () => {
    beforeEach(() => start({ appLevel: appSecret, guest: guestKey }));

    it('answers the activation ping with 200 and does nothing else', async () => {
      const res = await app.inject({ method: 'POST', url: url(), payload: WOO_PING.body, headers: WOO_PING.headers });
      expect(res.statusCode).toBe(200);
      expect(gateway.calls).toEqual([]);
    });

    it('maps order.created, signed as WooCommerce signs, to an order', async () => {
      const res = await send(wooOrder(createdAt));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ workflowId: `customer/${STORE}/7` });
      expect(placed()).toEqual([expectedOrder]);
    });

    it.each([
      [
        'signed with another secret',
        (headers: Record<string, string>) => ({
          ...headers,
          'x-wc-webhook-signature': wooDelivery(wooOrder(createdAt), { secret: generateWooSecret() }).headers[
            'x-wc-webhook-signature'
          ],
        }),
      ],
      [
        'without a signature',
        ({ 'x-wc-webhook-signature': _signature, ...headers }: Record<string, string>) => headers,
      ],
    ])('refuses a delivery %s: 401, nothing placed', async (_name, alter) => {
      const { body, headers } = wooDelivery(wooOrder(createdAt), { secret: appSecret });
      const res = await app.inject({ method: 'POST', url: url(), payload: body, headers: alter(headers) });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'invalid_signature' });
      expect(gateway.calls).toEqual([]);
    });

    it('refuses a signed body that was changed on the way (the total)', async () => {
      const { body, headers } = wooDelivery(wooOrder(createdAt), { secret: appSecret });
      const res = await app.inject({
        method: 'POST',
        url: url(),
        payload: body.replace('"total":"68.00"', '"total":"0.01"'),
        headers,
      });
      expect(res.statusCode).toBe(401);
      expect(gateway.calls).toEqual([]);
    });

    it('takes a ping-shaped body that carries a topic for a delivery, so it must be signed', async () => {
      const res = await app.inject({
        method: 'POST',
        url: url(),
        payload: WOO_PING.body,
        headers: { ...WOO_PING.headers, 'x-wc-webhook-topic': 'order.created' },
      });
      expect(res.statusCode).toBe(401);
    });

    it.each([
      ['completed', 'order.delivered', { date_completed_gmt: wooGmt(TEST_NOW - HOUR) }, `${wooGmt(TEST_NOW - HOUR)}Z`],
      ['cancelled', 'order.cancelled', {}, `${wooGmt(TEST_NOW - 2 * HOUR)}Z`],
      ['refunded', 'order.refunded', {}, `${wooGmt(TEST_NOW - 2 * HOUR)}Z`],
    ])(
      'maps order.updated with status %s to %s at the time WooCommerce recorded',
      async (status, type, dates, occurredAt) => {
        await send(wooOrder(createdAt));
        const res = await send(
          wooOrder(createdAt, { status, date_modified_gmt: wooGmt(TEST_NOW - 2 * HOUR), ...dates }),
          { topic: 'order.updated' },
        );
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ workflowId: `customer/${STORE}/7`, event: type });
        expect(events()).toEqual([{ type, storeId: STORE, customerId: '7', orderId: '727', occurredAt }]);
      },
    );

    it.each([
      [
        'processing, created more than 3 days ago',
        { status: 'processing', date_created_gmt: wooGmt(TEST_NOW - 4 * 24 * HOUR) },
      ],
      ['a status of a plugin (shipped)', { status: 'shipped' }],
      ['failed', { status: 'failed' }],
      ['pending', { status: 'pending' }],
    ])('answers 200 { skipped } to order.updated with %s, and does nothing', async (_name, overrides) => {
      const res = await send(wooOrder(createdAt, overrides), { topic: 'order.updated' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ skipped: expect.stringContaining(`"${overrides.status}"`) });
      expect(gateway.calls).toEqual([]);
    });

    it('answers 200 { skipped } to a status event for an order that has no journey', async () => {
      const res = await send(wooOrder(createdAt, { status: 'completed' }), { topic: 'order.updated' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ skipped: expect.stringContaining('no journey') });
      expect(events()).toHaveLength(1);
    });

    it('waits for the payment of a pending order: order.created skips it, the order.updated to processing places it', async () => {
      const created = await send(wooOrder(createdAt, { status: 'pending', date_paid_gmt: null }));
      expect(created.json()).toEqual({ skipped: expect.stringContaining('once paid') });
      expect(placed()).toEqual([]);

      const paid = await send(wooOrder(createdAt), { topic: 'order.updated' });
      expect(paid.statusCode).toBe(200);
      expect(placed()).toEqual([expectedOrder]);
    });

    it('places an order created completed (virtual products) and reports it delivered', async () => {
      const res = await send(wooOrder(createdAt, { status: 'completed', date_completed_gmt: wooGmt(createdAt) }));
      expect(res.json()).toEqual({ workflowId: `customer/${STORE}/7`, event: 'order.delivered' });
      expect(placed()).toEqual([expectedOrder]);
      expect(events()).toEqual([
        expect.objectContaining({ type: 'order.delivered', occurredAt: `${wooGmt(createdAt)}Z` }),
      ]);
    });

    it('gives a guest a stable customer id that does not reveal the address, whatever its case or spaces', async () => {
      const guest = (id: number, email: string) =>
        wooOrder(createdAt, { id, customer_id: 0, billing: { ...wooOrder(createdAt).billing, email } });
      await send(guest(801, 'Zoe.Doe@Example.com'));
      await send(guest(802, ' zoe.doe@example.com '));
      await send(guest(803, 'someone.else@example.com'));

      const ids = placed().map((o) => o.customer.id);
      expect(ids[0]).toBe(`guest-${emailSearchHash(guestKey, 'zoe.doe@example.com')}`);
      expect(ids[1]).toBe(ids[0]);
      expect(ids[2]).not.toBe(ids[0]);
      expect(ids[0]).not.toMatch(/zoe|example/i);
    });

    it("reports a guest order's status to the same journey its order started", async () => {
      const guest = { customer_id: 0 };
      await send(wooOrder(createdAt, guest));
      await send(wooOrder(createdAt, { ...guest, status: 'refunded' }), { topic: 'order.updated' });
      expect(events()).toEqual([
        expect.objectContaining({ type: 'order.refunded', customerId: placed()[0].customer.id }),
      ]);
    });

    it('reads a line price a plugin sends as a string, to at most 4 places', async () => {
      const [first] = wooOrder(createdAt).line_items;
      await send(wooOrder(createdAt, { line_items: [{ ...first, price: '12.123456' }] }));
      expect(placed()[0].lineItems).toEqual([
        { sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '12.1235' },
      ]);
    });

    it('places a virtual order (no shipping address) in the zone and language of its billing address', async () => {
      const tokyo = { ...wooOrder(createdAt).billing, country: 'JP', state: 'JP13', postcode: '100-0001' };
      await send(
        wooOrder(createdAt, {
          billing: tokyo,
          shipping: { ...wooOrder(createdAt).shipping, country: '', state: '', postcode: '' },
        }),
      );
      expect(placed()[0].customer).toMatchObject({
        timezone: 'Asia/Tokyo',
        locale: 'ja-JP',
        timezoneSource: 'address',
      });
    });

    it('answers 503 with Retry-After when Temporal does not take the order, so nothing was done', async () => {
      gateway.placeOrder = async () => {
        throw new TemporalUnavailableError('Temporal did not answer within 3 s');
      };
      const res = await send(wooOrder(createdAt));
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ error: 'temporal_unavailable' });
    });

    it('answers 200 { skipped } to a topic Afterglow does not use', async () => {
      const res = await send({ id: 93, name: 'Vitamin C Serum' }, { topic: 'product.updated' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ skipped: expect.stringContaining('product.updated') });
      expect(gateway.calls).toEqual([]);
    });

    it('refuses an order that is not one, naming the fields', async () => {
      const { total: _total, ...withoutTotal } = wooOrder(createdAt);
      const res = await send({ ...withoutTotal, date_created_gmt: '05/03/2026' });
      expect(res.statusCode).toBe(400);
      expect(
        res
          .json()
          .issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['date_created_gmt', 'total']);
      expect(gateway.calls).toEqual([]);
    });

    it('refuses a status dated in the future, naming the field', async () => {
      const res = await send(
        wooOrder(createdAt, { status: 'completed', date_completed_gmt: wooGmt(TEST_NOW + 24 * HOUR) }),
        { topic: 'order.updated' },
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([{ path: 'date_completed_gmt', message: expect.stringContaining('future') }]);
    });

    it('needs the delivery id WooCommerce sends with every delivery', async () => {
      const { body, headers } = wooDelivery(wooOrder(createdAt), { secret: appSecret });
      delete headers['x-wc-webhook-delivery-id'];
      const res = await app.inject({ method: 'POST', url: url(), payload: body, headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([{ path: 'headers.x-wc-webhook-delivery-id', message: expect.any(String) }]);
    });

    it('refuses a store id outside the alphabet of store ids', async () => {
      const res = await send(wooOrder(createdAt), { storeId: 'bad%20store' });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([{ path: 'storeId', message: expect.any(String) }]);
    });
  });

  describe('secrets', () => {
    it('answers 503, the ping too, when the store has no secret and there is no app-level one', async () => {
      await start({ perStore: { 'other-shop': ownSecret } });
      const ping = await app.inject({ method: 'POST', url: url(), payload: WOO_PING.body, headers: WOO_PING.headers });
      const delivery = await send(wooOrder(createdAt));
      expect([ping.statusCode, delivery.statusCode]).toEqual([503, 503]);
      expect(delivery.json()).toMatchObject({
        error: 'webhook_not_configured',
        message: expect.stringContaining('WOOCOMMERCE_WEBHOOK_SECRET'),
      });
      expect(gateway.calls).toEqual([]);
    });

    it('verifies a store with its own secret by that secret only, and the others by the app-level one', async () => {
      await start({ appLevel: appSecret, perStore: { [STORE]: ownSecret } });
      const byOwn = await send(wooOrder(createdAt), { secret: ownSecret });
      const byAppLevel = await send(wooOrder(createdAt), { secret: appSecret });
      const otherByAppLevel = await send(wooOrder(createdAt), { secret: appSecret, storeId: 'other-shop' });
      const otherByOwn = await send(wooOrder(createdAt), { secret: ownSecret, storeId: 'other-shop' });
      expect([byOwn.statusCode, byAppLevel.statusCode, otherByAppLevel.statusCode, otherByOwn.statusCode]).toEqual([
        200, 401, 200, 401,
      ]);
      expect(placed().map((o) => o.storeId)).toEqual([STORE, 'other-shop']);
    });

    it('skips a guest order (200) when no AFTERGLOW_EMAIL_HASH_SECRET keys guest ids', async () => {
      await start({ appLevel: appSecret });
      const res = await send(wooOrder(createdAt, { customer_id: 0 }));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ skipped: expect.stringContaining('AFTERGLOW_EMAIL_HASH_SECRET') });
      expect(gateway.calls).toEqual([]);
    });
  });
});

describe.each(dialects)('WooCommerce deliveries received twice (%s)', (dialect) => {
  const storage = storageFor(dialect);
  let app: FastifyInstance;
  let gateway: RecordingGateway;
  beforeEach(async () => {
    ({ app, gateway } = await testApp({
      config: { SHOPIFY_WEBHOOK_SECRET: undefined, WOOCOMMERCE_WEBHOOK_SECRET: appSecret, LOG_LEVEL: 'info' },
      webhookDeliveries: webhookDeliveryStore((await storage.open()).db),
    }));
  });
  afterEach(() => app.close());

  const deliver = (delivery: ReturnType<typeof wooDelivery>, storeId = STORE) =>
    app.inject({ method: 'POST', url: url(storeId), payload: delivery.body, headers: delivery.headers });

  it('takes a redelivery for the same store again (the journey ignores the repeat), and refuses it for another store', async () => {
    const delivery = wooDelivery(wooOrder(createdAt), { secret: appSecret });
    const first = await deliver(delivery);
    const again = await deliver(delivery);
    const replay = await deliver(delivery, 'victim-shop');

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ error: 'duplicate_webhook' });
    expect(gateway.calls.map((c) => c.method === 'placeOrder' && c.order.storeId)).toEqual([STORE, STORE]);
  });

  it('takes two different deliveries that share a delivery id (WooCommerce reuses it within a second) for two stores', async () => {
    const deliveryId = wooDeliveryId();
    const first = await deliver(wooDelivery(wooOrder(createdAt), { secret: appSecret, deliveryId }));
    const second = await deliver(
      wooDelivery(wooOrder(createdAt, { id: 728 }), { secret: appSecret, deliveryId }),
      'sister-shop',
    );
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
  });
});
