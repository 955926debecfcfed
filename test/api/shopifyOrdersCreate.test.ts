import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { mapShopifyOrder } from '../../api/shopify/mapOrder';
import { ShopifyOrder } from '../../api/shopify/shopifyOrderSchema';
import type { Order } from '../../domain/order';
import { openStores, type Stores } from '../../storage';
import { type RecordingGateway, SHOP_DOMAIN, shopifyRequest, sign, testApp } from './helpers';

/** The raw bytes, as Shopify signs them (re-serialising would change whitespace and round the large ids). */
const fixtureText = readFileSync(path.join(__dirname, 'fixtures/shopify-orders-create.json'), 'utf8');
/** A parsed copy to vary; ids stay exact through admin_graphql_api_id. */
const fixture = () => JSON.parse(fixtureText);

const expectedOrder: Order = {
  storeId: SHOP_DOMAIN,
  orderId: '820982911946154508',
  placedAt: '2026-03-02T10:15:42+09:00',
  currency: 'JPY',
  total: '13530',
  customer: {
    id: '115310627314723954',
    email: 'hanako.yamada@example.jp',
    firstName: '花子',
    lastName: '山田',
    locale: 'ja',
    // Shopify sends no customer time zone: the Tokyo shipping address gives it.
    timezone: 'Asia/Tokyo',
    timezoneSource: 'address',
    acceptsMarketing: true,
  },
  lineItems: [
    { sku: 'SERUM-C-30', title: 'ビタミンC美容液', quantity: 1, unitPrice: '6980' },
    { sku: 'variant-49148383281', title: '保湿クリーム', quantity: 2, unitPrice: '3000' },
  ],
};

describe('POST /v1/webhooks/shopify/orders-create', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;

  beforeEach(async () => {
    ({ app, gateway } = await testApp());
  });
  afterEach(() => app.close());

  const placedOrders = () => gateway.calls.flatMap((c) => (c.method === 'placeOrder' ? [c.order] : []));

  it('verifies the signature, maps the order and answers 200', async () => {
    const res = await app.inject(shopifyRequest(fixtureText));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workflowId: `customer/${SHOP_DOMAIN}/115310627314723954` });
    expect(placedOrders()).toEqual([expectedOrder]);
  });

  it('answers 200 again for a redelivery (the workflow ignores the repeat)', async () => {
    const first = await app.inject(shopifyRequest(fixtureText));
    const again = await app.inject(shopifyRequest(fixtureText));

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(placedOrders()).toEqual([expectedOrder, expectedOrder]);
  });

  it.each([
    { name: 'subscribed, no tick at checkout', consent: { state: 'subscribed' }, buyer: false, expected: true },
    {
      name: 'not subscribed, no tick at checkout',
      consent: { state: 'not_subscribed' },
      buyer: false,
      expected: false,
    },
    { name: 'not subscribed, ticked at checkout', consent: { state: 'not_subscribed' }, buyer: true, expected: true },
    { name: 'double opt-in still pending', consent: { state: 'pending' }, buyer: false, expected: false },
    { name: 'unsubscribed', consent: { state: 'unsubscribed' }, buyer: false, expected: false },
    { name: 'no consent object (newer API versions)', consent: null, buyer: false, expected: false },
  ])('maps marketing consent: $name → $expected', async ({ consent, buyer, expected }) => {
    const payload = fixture();
    payload.customer.email_marketing_consent = consent;
    payload.buyer_accepts_marketing = buyer;

    const res = await app.inject(shopifyRequest(JSON.stringify(payload)));

    expect(res.statusCode).toBe(200);
    expect(placedOrders()[0].customer.acceptsMarketing).toBe(expected);
  });

  it('falls back to the customer locale, and the legacy consent flag of older API versions', async () => {
    const payload = fixture();
    delete payload.customer_locale;
    delete payload.customer.email_marketing_consent;
    Object.assign(payload.customer, { locale: 'ja-JP', accepts_marketing: true });

    await app.inject(shopifyRequest(JSON.stringify(payload)));

    expect(placedOrders()[0].customer).toMatchObject({ locale: 'ja-JP', acceptsMarketing: true });
  });

  it.each([
    {
      name: 'only a US state code and ZIP (Seattle)',
      address: { country_code: 'US', province_code: 'WA', zip: '98101' },
      customer: { timezone: 'America/Los_Angeles', timezoneSource: 'address', locale: 'ja' },
    },
    {
      name: 'a Florida ZIP west of the zone line (Pensacola): the ZIP decides',
      address: { country_code: 'US', province_code: 'FL', zip: '32501' },
      customer: { timezone: 'America/Chicago', timezoneSource: 'address', locale: 'ja' },
    },
    {
      name: 'a Tokyo address and no language: the country gives one',
      address: { country_code: 'JP', province: 'Tokyo', province_code: 'JP-13', zip: '150-0041' },
      customer: { timezone: 'Asia/Tokyo', timezoneSource: 'address', locale: 'ja-JP' },
      noLocale: true,
    },
  ])(
    'gives a customer without a time zone that of the shipping address: $name',
    async ({ address, customer, noLocale }) => {
      const payload = fixture();
      payload.shipping_address = address;
      if (noLocale) delete payload.customer_locale;

      const res = await app.inject(shopifyRequest(JSON.stringify(payload)));

      expect(res.statusCode).toBe(200);
      expect(placedOrders()[0].customer).toMatchObject(customer);
    },
  );

  it('passes the province name, its code and the postal code on, and nothing else of the address', () => {
    const payload = ShopifyOrder.parse({
      ...fixture(),
      shipping_address: { ...fixture().shipping_address, province_code: 'JP-13' },
    });
    const mapped = mapShopifyOrder(payload, SHOP_DOMAIN);

    expect('order' in mapped && mapped.order.shippingAddress).toEqual({
      country: 'JP',
      province: 'Tokyo',
      provinceCode: 'JP-13',
      postalCode: '150-0041',
    });
  });

  it('reads a large id exactly from the raw bytes when the global id is absent (JSON.parse would round it)', async () => {
    const text = fixtureText.replace(
      '"admin_graphql_api_id": "gid://shopify/Order/820982911946154508"',
      '"admin_graphql_api_id": null',
    );
    expect(text).not.toBe(fixtureText);

    const res = await app.inject(shopifyRequest(text));

    expect(res.statusCode).toBe(200);
    expect(placedOrders()[0].orderId).toBe('820982911946154508');
  });

  it('labels a custom line item without variant by its line item id', async () => {
    const payload = fixture();
    Object.assign(payload.line_items[1], { sku: null, variant_id: null });

    await app.inject(shopifyRequest(JSON.stringify(payload)));

    expect(placedOrders()[0].lineItems[1].sku).toBe('line-141249953214522974');
  });

  it('sanitizes the shop domain into a store id', async () => {
    const res = await app.inject(shopifyRequest(fixtureText, { 'x-shopify-shop-domain': ' My Shop.myshopify.com ' }));

    expect(res.statusCode).toBe(200);
    expect(placedOrders()[0].storeId).toBe('my-shop.myshopify.com');
  });

  it('answers 200 without a journey for an order nobody can be emailed about', async () => {
    const payload = fixture();
    payload.email = payload.contact_email = payload.customer.email = null;

    const res = await app.inject(shopifyRequest(JSON.stringify(payload)));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ skipped: 'the order has no email address' });
    expect(gateway.calls).toEqual([]);
  });

  const tamperedFixture = fixtureText.replace('"total_price": "13530"', '"total_price": "1"');
  const invalid: Array<{
    name: string;
    request: ReturnType<typeof shopifyRequest>;
    status: number;
    error: string;
    paths?: string[];
  }> = [
    {
      name: 'a missing signature',
      request: shopifyRequest(fixtureText, { 'x-shopify-hmac-sha256': undefined }),
      status: 401,
      error: 'invalid_signature',
    },
    {
      name: 'a signature made with another secret',
      request: shopifyRequest(fixtureText, { 'x-shopify-hmac-sha256': sign(fixtureText, 'someone-elses-secret') }),
      status: 401,
      error: 'invalid_signature',
    },
    {
      name: 'a body altered after signing',
      request: shopifyRequest(tamperedFixture, { 'x-shopify-hmac-sha256': sign(fixtureText) }),
      status: 401,
      error: 'invalid_signature',
    },
    {
      name: 'a re-serialised body (signature covers the raw bytes)',
      request: shopifyRequest(JSON.stringify(fixture()), { 'x-shopify-hmac-sha256': sign(fixtureText) }),
      status: 401,
      error: 'invalid_signature',
    },
    {
      name: 'a truncated signature',
      request: shopifyRequest(fixtureText, { 'x-shopify-hmac-sha256': sign(fixtureText).slice(0, 20) }),
      status: 401,
      error: 'invalid_signature',
    },
    {
      name: 'a signed body that is not JSON',
      request: shopifyRequest('{"id": 820982911946154508,'),
      status: 400,
      error: 'malformed_json',
    },
    {
      name: 'a missing shop domain',
      request: shopifyRequest(fixtureText, { 'x-shopify-shop-domain': undefined }),
      status: 400,
      error: 'invalid_request',
      paths: ['headers.x-shopify-shop-domain'],
    },
    {
      name: 'a signed payload missing Shopify fields',
      request: shopifyRequest(JSON.stringify({ id: 1, customer: null })),
      status: 400,
      error: 'invalid_request',
      paths: ['created_at', 'currency', 'line_items', 'total_price'],
    },
    {
      name: 'a signed order that maps to an invalid Order',
      request: shopifyRequest(
        JSON.stringify({
          ...fixture(),
          email: 'not-an-email',
          customer: { ...fixture().customer, email: null },
          line_items: [],
        }),
      ),
      status: 400,
      error: 'invalid_request',
      paths: ['customer.email', 'lineItems'],
    },
    {
      name: 'an oversized body',
      request: shopifyRequest(fixtureText.replace('"note": null', `"note": "${'x'.repeat(300 * 1024)}"`)),
      status: 413,
      error: 'payload_too_large',
    },
    {
      name: 'a text/plain body',
      request: shopifyRequest(fixtureText, { 'content-type': 'text/plain' }),
      status: 415,
      error: 'unsupported_media_type',
    },
  ];

  it.each(invalid)(
    'rejects $name with $status and never calls the gateway',
    async ({ request, status, error, paths }) => {
      const res = await app.inject(request);

      expect(res.statusCode).toBe(status);
      const body = res.json();
      expect(body).toMatchObject({ error, message: expect.any(String) });
      if (paths) expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(paths);
      expect(gateway.calls).toEqual([]);
    },
  );

  it.each([undefined, ''])('answers 503 when no webhook secret is configured (%p)', async (secret) => {
    const unconfigured = await testApp({ config: { SHOPIFY_WEBHOOK_SECRET: secret, LOG_LEVEL: 'info' } });
    const res = await unconfigured.app.inject(
      shopifyRequest(fixtureText, { 'x-shopify-hmac-sha256': sign(fixtureText, secret ?? '') }),
    );
    await unconfigured.app.close();

    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: 'webhook_not_configured',
      message: expect.stringContaining('SHOPIFY_WEBHOOK_SECRET'),
    });
    expect(unconfigured.gateway.calls).toEqual([]);
  });
});

describe('Shopify deliveries replayed under another shop', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;
  let stores: Stores;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'afterglow-shopify-'));
    stores = await openStores({ dataDir });
    ({ app, gateway } = await testApp({ webhookDeliveries: stores.webhookDeliveries }));
  });
  afterEach(async () => {
    await app.close();
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a delivery and its retries for one shop, and refuses the same signed body sent for another shop', async () => {
    const first = await app.inject(shopifyRequest(fixtureText));
    const retry = await app.inject(shopifyRequest(fixtureText));
    const replay = await app.inject(
      shopifyRequest(fixtureText, { 'x-shopify-shop-domain': 'victim-shop.myshopify.com' }),
    );

    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ error: 'duplicate_webhook' });
    expect(gateway.calls.map((c) => c.method === 'placeOrder' && c.order.storeId)).toEqual([SHOP_DOMAIN, SHOP_DOMAIN]);
  });

  it('needs the delivery id Shopify sends with every delivery', async () => {
    const res = await app.inject(shopifyRequest(fixtureText, { 'x-shopify-webhook-id': undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'headers.x-shopify-webhook-id', message: expect.any(String) }]);
    expect(gateway.calls).toEqual([]);
  });
});
