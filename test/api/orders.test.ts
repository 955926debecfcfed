import type { FastifyInstance } from 'fastify';
import { type RecordingGateway, testApp, validOrder } from './helpers';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('POST /v1/orders', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;

  beforeEach(async () => {
    ({ app, gateway } = await testApp());
  });
  afterEach(() => app.close());

  const post = (payload: string, headers: Record<string, string> = JSON_TYPE) =>
    app.inject({ method: 'POST', url: '/v1/orders', payload, headers });

  it('starts the journey and answers 202 with the workflow id', async () => {
    const res = await post(JSON.stringify(validOrder()));

    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ workflowId: 'customer/default/c-42' });
    expect(gateway.calls).toEqual([{ method: 'placeOrder', order: { ...validOrder(), storeId: 'default' } }]);
  });

  it('hands the gateway the normalized order: defaults applied, unknown fields dropped', async () => {
    const { acceptsMarketing: _omitted, ...customer } = validOrder().customer;
    const res = await post(
      JSON.stringify({ ...validOrder({ customer }), internalNote: 'ignored' }),
      { 'content-type': 'application/json; charset=utf-8' },
    );

    expect(res.statusCode).toBe(202);
    expect(gateway.calls).toHaveLength(1);
    const [call] = gateway.calls;
    expect(call.method === 'placeOrder' && call.order).toMatchObject({ storeId: 'default', customer: { acceptsMarketing: false } });
    expect(call).not.toHaveProperty('order.internalNote');
  });

  it('keeps an explicit store id', async () => {
    const res = await post(JSON.stringify(validOrder({ storeId: 'tokyo-shop.jp' })));

    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ workflowId: 'customer/tokyo-shop.jp/c-42' });
  });

  const order = validOrder();
  const invalid: Array<{ name: string; payload: string; headers?: Record<string, string>; status: number; error: string; paths?: string[] }> = [
    { name: 'malformed JSON', payload: '{"orderId": "1001",', status: 400, error: 'malformed_json' },
    { name: 'an empty JSON body', payload: '', status: 400, error: 'malformed_json' },
    { name: 'a JSON array instead of an object', payload: '[]', status: 400, error: 'invalid_request', paths: ['(body)'] },
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
      paths: ['currency', 'customer.email', 'customer.timezone', 'lineItems.0.sku', 'lineItems.0.unitPrice', 'placedAt', 'storeId'],
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
    { name: 'a body without a content type', payload: JSON.stringify(order), headers: {}, status: 415, error: 'unsupported_media_type' },
  ];

  it.each(invalid)('rejects $name with $status and never calls the gateway', async ({ payload, headers, status, error, paths }) => {
    const res = await post(payload, headers);

    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toMatchObject({ error, message: expect.any(String) });
    if (paths) expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(paths);
    else expect(body.issues).toBeUndefined();
    expect(gateway.calls).toEqual([]);
  });

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
      headers: JSON_TYPE,
    });
    await small.app.close();

    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: 'request body exceeds the 512-byte limit' });
    expect(small.gateway.calls).toEqual([]);
  });
});
