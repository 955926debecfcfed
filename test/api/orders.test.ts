import type { FastifyInstance } from 'fastify';
import { storeKeyring } from '../../credentials/storeKeys';
import { OTHER_STORE_KEY, type RecordingGateway, STORE_HEADERS, TEST_NOW, testApp, validOrder } from './helpers';
import { iso } from '../../rules/iso';

describe('POST /v1/orders', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;

  beforeEach(async () => {
    ({ app, gateway } = await testApp());
  });
  afterEach(() => app.close());

  const post = (payload: string, headers: Record<string, string> = STORE_HEADERS) =>
    app.inject({
      method: 'POST',
      url: '/v1/orders',
      payload,
      headers: { authorization: STORE_HEADERS.authorization, ...headers },
    });

  it('starts the journey and answers 202 with the workflow id', async () => {
    const res = await post(JSON.stringify(validOrder()));

    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ workflowId: 'customer/default/c-42' });
    // The store sent the customer's zone: it is recorded as given (an address would not override it).
    const order = validOrder();
    expect(gateway.calls).toEqual([
      {
        method: 'placeOrder',
        order: { ...order, storeId: 'default', customer: { ...order.customer, timezoneSource: 'given' } },
      },
    ]);
  });

  it('hands the gateway the normalized order: defaults applied, unknown fields dropped', async () => {
    const { acceptsMarketing: _omitted, ...customer } = validOrder().customer;
    const res = await post(JSON.stringify({ ...validOrder({ customer }), internalNote: 'ignored' }), {
      ...STORE_HEADERS,
      'content-type': 'application/json; charset=utf-8',
    });

    expect(res.statusCode).toBe(202);
    expect(gateway.calls).toHaveLength(1);
    const [call] = gateway.calls;
    expect(call.method === 'placeOrder' && call.order).toMatchObject({
      storeId: 'default',
      customer: { acceptsMarketing: false },
    });
    expect(call).not.toHaveProperty('order.internalNote');
  });

  it('keeps an explicit store id', async () => {
    const res = await post(JSON.stringify(validOrder({ storeId: 'tokyo-shop.jp' })), {
      ...STORE_HEADERS,
      authorization: `Bearer ${OTHER_STORE_KEY}`,
    });

    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ workflowId: 'customer/tokyo-shop.jp/c-42' });
  });

  const order = validOrder();
  const invalid: Array<{
    name: string;
    payload: string;
    headers?: Record<string, string>;
    status: number;
    error: string;
    paths?: string[];
  }> = [
    { name: 'malformed JSON', payload: '{"orderId": "1001",', status: 400, error: 'malformed_json' },
    { name: 'an empty JSON body', payload: '', status: 400, error: 'malformed_json' },
    {
      name: 'a JSON array instead of an object',
      payload: '[]',
      status: 400,
      error: 'invalid_request',
      paths: ['(body)'],
    },
    {
      name: 'missing fields',
      payload: '{}',
      status: 400,
      error: 'invalid_request',
      paths: ['currency', 'customer', 'lineItems', 'orderId', 'placedAt', 'total'],
    },
    {
      name: 'wrong types',
      payload: JSON.stringify({
        ...order,
        total: 58,
        customer: { ...order.customer, acceptsMarketing: 'yes' },
        lineItems: [{ ...order.lineItems[0], quantity: '1' }],
      }),
      status: 400,
      error: 'invalid_request',
      paths: ['customer.acceptsMarketing', 'lineItems.0.quantity', 'total'],
    },
    {
      name: 'an invalid email',
      payload: JSON.stringify({ ...order, customer: { ...order.customer, email: 'ada-at-example.com' } }),
      status: 400,
      error: 'invalid_request',
      paths: ['customer.email'],
    },
    {
      name: 'a bad time zone',
      payload: JSON.stringify({ ...order, customer: { ...order.customer, timezone: 'GMT+9' } }),
      status: 400,
      error: 'invalid_request',
      paths: ['customer.timezone'],
    },
    {
      name: 'empty lineItems',
      payload: JSON.stringify({ ...order, lineItems: [] }),
      status: 400,
      error: 'invalid_request',
      paths: ['lineItems'],
    },
    {
      name: 'several invalid fields at once (every one is listed)',
      payload: JSON.stringify({
        ...order,
        storeId: 'my shop!',
        currency: 'usd',
        placedAt: '2026-03-02 15:00',
        customer: { ...order.customer, email: 'nope', timezone: 'Mars/Olympus' },
        lineItems: [{ ...order.lineItems[0], unitPrice: '58,00', sku: '' }],
      }),
      status: 400,
      error: 'invalid_request',
      paths: [
        'currency',
        'customer.email',
        'customer.timezone',
        'lineItems.0.sku',
        'lineItems.0.unitPrice',
        'placedAt',
        'storeId',
      ],
    },
    {
      name: 'an oversized body',
      payload: JSON.stringify({ ...order, padding: 'x'.repeat(300 * 1024) }),
      status: 413,
      error: 'payload_too_large',
    },
    {
      name: 'a text/plain body',
      payload: JSON.stringify(order),
      headers: { 'content-type': 'text/plain' },
      status: 415,
      error: 'unsupported_media_type',
    },
    {
      name: 'a form-encoded body',
      payload: 'orderId=1001',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      error: 'unsupported_media_type',
    },
    {
      name: 'a body without a content type',
      payload: JSON.stringify(order),
      headers: {},
      status: 415,
      error: 'unsupported_media_type',
    },
  ];

  it.each(invalid)(
    'rejects $name with $status and never calls the gateway',
    async ({ payload, headers, status, error, paths }) => {
      const res = await post(payload, headers);

      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json();
      expect(body).toMatchObject({ error, message: expect.any(String) });
      if (paths) expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(paths);
      else expect(body.issues).toBeUndefined();
      expect(gateway.calls).toEqual([]);
    },
  );

  it('names the problem in each issue without echoing the value', async () => {
    const res = await post(JSON.stringify({ ...order, customer: { ...order.customer, email: 'ada-at-example.com' } }));

    expect(res.json()).toEqual({
      error: 'invalid_request',
      message: '1 invalid field',
      issues: [{ path: 'customer.email', message: expect.stringMatching(/email/i) }],
    });
    expect(res.body).not.toContain('ada-at-example.com');
  });

  it('honours a configured body limit', async () => {
    const small = await testApp({ bodyLimit: 512 });
    const res = await small.app.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: JSON.stringify({ ...order, lineItems: Array(10).fill(order.lineItems[0]) }),
      headers: STORE_HEADERS,
    });
    await small.app.close();

    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: 'request body exceeds the 512-byte limit' });
    expect(small.gateway.calls).toEqual([]);
  });

  const badInput: Array<{ name: string; order: object; path: string; message: RegExp }> = [
    {
      name: 'a placedAt more than 5 minutes ahead of the clock',
      order: { ...order, placedAt: iso(TEST_NOW + 6 * 60_000) },
      path: 'placedAt',
      message: /future/,
    },
    {
      name: 'a placedAt in the year 2999',
      order: { ...order, placedAt: '2999-01-01T00:00:00Z' },
      path: 'placedAt',
      message: /future/,
    },
    {
      name: 'a placedAt before 2000',
      order: { ...order, placedAt: '1999-12-31T23:59:59Z' },
      path: 'placedAt',
      message: /before 2000/,
    },
    {
      name: 'a lone UTF-16 surrogate in the customer id',
      order: { ...order, customer: { ...order.customer, id: 'c-\ud800' } },
      path: 'customer.id',
      message: /surrogate/,
    },
    {
      name: 'a lone surrogate in a name',
      order: { ...order, customer: { ...order.customer, firstName: 'Ada\udfff' } },
      path: 'customer.firstName',
      message: /surrogate/,
    },
    { name: 'a blank order id', order: { ...order, orderId: '   ' }, path: 'orderId', message: /blank/ },
    {
      name: 'an order id with a line break',
      order: { ...order, orderId: '10\n01' },
      path: 'orderId',
      message: /control/,
    },
    {
      name: 'a customer id with a control character',
      order: { ...order, customer: { ...order.customer, id: 'c\u0007' } },
      path: 'customer.id',
      message: /control/,
    },
    {
      name: 'a SKU with a zero-width space',
      order: { ...order, lineItems: [{ ...order.lineItems[0], sku: 'SERUM\u200b' }] },
      path: 'lineItems.0.sku',
      message: /invisible/,
    },
  ];

  it.each(badInput)('rejects $name with 400 naming the field', async ({ order: body, path, message }) => {
    // Serialised by hand so that lone surrogates reach the server as JSON escapes, as a client would send them.
    const res = await post(JSON.stringify(body));

    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect(gateway.calls).toEqual([]);
  });

  it('accepts a placedAt a few minutes ahead of its clock (clocks drift)', async () => {
    const res = await post(JSON.stringify({ ...order, placedAt: iso(TEST_NOW + 4 * 60_000) }));
    expect(res.statusCode).toBe(202);
  });
});

describe('POST /v1/orders: store keys', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;
  beforeEach(async () => {
    ({ app, gateway } = await testApp());
  });
  afterEach(() => app.close());

  const post = (body: object, authorization?: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
    });

  it.each([
    ['no Authorization header', undefined, /Bearer <store key>/],
    ['an unknown key', 'Bearer agk_aaaaaaaa_notakeyweknownotakeyweknownotakeyweknowxx', /unknown store key/],
    ['a key in the wrong scheme', `Basic ${STORE_HEADERS.authorization.slice(7)}`, /Bearer <store key>/],
  ])('answers 401 to %s and starts nothing', async (_, authorization, message) => {
    const res = await post(validOrder(), authorization);

    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="afterglow-store"');
    expect(res.json()).toEqual({ error: 'unauthorized', message: expect.stringMatching(message) });
    expect(gateway.calls).toEqual([]);
  });

  it("answers 403 when the key's store is not the order's, and starts nothing", async () => {
    const otherStore = await post(validOrder(), `Bearer ${OTHER_STORE_KEY}`);
    const defaultKeyElsewhere = await post(validOrder({ storeId: 'tokyo-shop.jp' }), STORE_HEADERS.authorization);

    for (const res of [otherStore, defaultKeyElsewhere]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden_store' });
    }
    expect(otherStore.json().message).toBe('this store key belongs to store "tokyo-shop.jp", not "default"');
    expect(gateway.calls).toEqual([]);
  });

  it("takes an order for the key's own store", async () => {
    const res = await post(validOrder({ storeId: 'tokyo-shop.jp' }), `Bearer ${OTHER_STORE_KEY}`);
    expect(res.statusCode).toBe(202);
    expect(gateway.calls).toHaveLength(1);
  });

  it('says how to configure keys when none exist', async () => {
    const keyless = await testApp({ storeKeys: () => storeKeyring([], []) });
    const res = await keyless.app.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: JSON.stringify(validOrder()),
      headers: STORE_HEADERS,
    });
    await keyless.app.close();
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/AFTERGLOW_API_KEYS.*keys create/);
  });
});
