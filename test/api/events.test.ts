import type { FastifyInstance } from 'fastify';
import type { JourneyEventInput } from '../../domain/events';
import { TemporalUnavailableError } from '../../client/temporalUnavailable';
import { OTHER_STORE_KEY, type RecordingGateway, STORE_HEADERS, testApp, validOrder } from './helpers';

const event = (overrides: Partial<JourneyEventInput> = {}): JourneyEventInput => ({
  type: 'order.delivered',
  customerId: 'c-42',
  orderId: '1001',
  occurredAt: '2026-03-05T09:30:00+09:00',
  ...overrides,
});

describe('POST /v1/events', () => {
  let app: FastifyInstance;
  let gateway: RecordingGateway;

  beforeEach(async () => {
    ({ app, gateway } = await testApp());
  });
  afterEach(() => app.close());

  const post = (payload: string, headers: Record<string, string> = STORE_HEADERS) =>
    app.inject({
      method: 'POST',
      url: '/v1/events',
      payload,
      headers: { authorization: STORE_HEADERS.authorization, ...headers },
    });

  async function placeOrder(): Promise<void> {
    const res = await app.inject({ method: 'POST', url: '/v1/orders', payload: validOrder(), headers: STORE_HEADERS });
    expect(res.statusCode).toBe(202);
    gateway.calls.length = 0;
  }

  it.each(['order.delivered', 'order.refunded', 'order.cancelled', 'review.submitted'] as const)(
    'signals %s to the customer journey and answers 202',
    async (type) => {
      await placeOrder();
      const res = await post(JSON.stringify(event({ type })));

      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ workflowId: 'customer/default/c-42' });
      expect(gateway.calls).toEqual([{ method: 'reportEvent', event: { ...event({ type }), storeId: 'default' } }]);
    },
  );

  it('takes a refund with its details (which refund, how much, which products) to the journey', async () => {
    await placeOrder();
    const refund = {
      refundId: 'R-1',
      amount: '29.00',
      currency: 'USD',
      items: [{ sku: 'SERUM-C-30', quantity: 1 }, { sku: 'TONER' }],
    };
    const res = await post(JSON.stringify(event({ type: 'order.refunded', refund })));

    expect(res.statusCode).toBe(202);
    expect(gateway.calls).toEqual([
      { method: 'reportEvent', event: { ...event({ type: 'order.refunded', refund }), storeId: 'default' } },
    ]);
  });

  it.each([
    { name: 'refund details on another event', body: event({ refund: { refundId: 'R-1' } }), paths: ['refund'] },
    {
      name: 'refund details without an id, with an amount that is not money and a quantity of 0',
      body: event({ type: 'order.refunded', refund: { amount: '-3', items: [{ sku: 'A', quantity: 0 }] } as never }),
      paths: ['refund.amount', 'refund.items.0.quantity', 'refund.refundId'],
    },
  ])('refuses $name with 400 naming each field', async ({ body, paths }) => {
    await placeOrder();
    const res = await post(JSON.stringify(body));

    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(paths);
    expect(gateway.calls).toEqual([]);
  });

  it('answers 404 with a clear message when the customer has no journey', async () => {
    const res = await post(JSON.stringify(event({ customerId: 'c-unknown' })));

    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: 'journey_not_found',
      message: 'customer "c-unknown" has no journey in store "default": send their order to POST /v1/orders first',
    });
  });

  it('answers 500 without details when the gateway fails unexpectedly', async () => {
    gateway.reportEvent = async () => {
      throw new Error('connection refused: temporal at 10.0.0.7:7233');
    };
    const res = await post(JSON.stringify(event()));

    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal_error', message: 'internal error' });
  });

  it('answers 503 with Retry-After, fast, when Temporal cannot take the signal', async () => {
    gateway.reportEvent = async () => {
      throw new TemporalUnavailableError('Temporal did not answer within 3 s');
    };
    const res = await post(JSON.stringify(event()));

    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({ error: 'temporal_unavailable', message: expect.stringMatching(/nothing was done/) });
  });

  it("answers 401 without a store key and 403 for another store's customer", async () => {
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/events',
      payload: JSON.stringify(event()),
      headers: { 'content-type': 'application/json' },
    });
    const otherStore = await post(JSON.stringify(event()), {
      ...STORE_HEADERS,
      authorization: `Bearer ${OTHER_STORE_KEY}`,
    });

    expect(anonymous.statusCode).toBe(401);
    expect(otherStore.statusCode).toBe(403);
    expect(gateway.calls).toEqual([]);
  });

  it.each([
    {
      name: 'an occurredAt in 2999',
      payload: JSON.stringify(event({ occurredAt: '2999-03-05T09:30:00Z' })),
      paths: ['occurredAt'],
    },
    {
      name: 'an occurredAt in 1970',
      payload: JSON.stringify(event({ occurredAt: '1970-01-01T00:00:00Z' })),
      paths: ['occurredAt'],
    },
    {
      name: 'an unknown event type',
      payload: JSON.stringify(event({ type: 'order.shipped' as never })),
      paths: ['type'],
    },
    {
      name: 'missing fields',
      payload: JSON.stringify({ type: 'order.delivered' }),
      paths: ['customerId', 'occurredAt', 'orderId'],
    },
    {
      name: 'a timestamp without an offset and a bad store id',
      payload: JSON.stringify(event({ occurredAt: '2026-03-05T09:30:00', storeId: '../etc' })),
      paths: ['occurredAt', 'storeId'],
    },
  ])('rejects $name with 400 listing the fields, without calling the gateway', async ({ payload, paths }) => {
    const res = await post(payload);

    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_request');
    expect(
      res
        .json()
        .issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(paths);
    expect(gateway.calls).toEqual([]);
  });

  it('rejects malformed JSON and non-JSON bodies without calling the gateway', async () => {
    const malformed = await post('{"type": "order.delivered"');
    const text = await post('order.delivered', { 'content-type': 'text/plain' });

    expect([malformed.statusCode, malformed.json().error]).toEqual([400, 'malformed_json']);
    expect([text.statusCode, text.json().error]).toEqual([415, 'unsupported_media_type']);
    expect(gateway.calls).toEqual([]);
  });
});
