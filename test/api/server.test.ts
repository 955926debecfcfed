import { readFileSync } from 'node:fs';
import path from 'node:path';
import { shopifyRequest, STORE_HEADERS, testApp, validOrder } from './helpers';

describe('the API server', () => {
  it('answers GET /healthz with 200 { ok: true }', async () => {
    const { app } = await testApp();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    await app.close();

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it.each([
    ['GET', '/v1/orders'],
    ['POST', '/v1/nothing-here?email=ada@example.com'],
  ])('answers unknown routes (%s %s) with a JSON 404', async (method, url) => {
    const { app, gateway } = await testApp();
    const res = await app.inject({
      method: method as 'GET' | 'POST',
      url,
      payload: method === 'POST' ? {} : undefined,
    });
    await app.close();

    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: `no route for ${method} ${url.split('?')[0]}` });
    expect(gateway.calls).toEqual([]);
  });

  it('logs ids, never personal data: no emails, names, bodies, headers or query strings', async () => {
    const lines: string[] = [];
    const { app } = await testApp({ logger: { stream: { write: (line) => lines.push(line) } } });
    const order = validOrder();
    const shopify = readFileSync(path.join(__dirname, 'fixtures/shopify-orders-create.json'), 'utf8');

    await app.inject({ method: 'POST', url: '/v1/orders', payload: order, headers: STORE_HEADERS });
    await app.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { ...order, customer: { ...order.customer, email: 'ada@@example.com' } },
      headers: STORE_HEADERS,
    });
    await app.inject({
      method: 'POST',
      url: '/v1/orders?email=grace@example.com',
      payload: '{"customer": {"email": "ada@example.com"',
      headers: STORE_HEADERS,
    });
    await app.inject(shopifyRequest(shopify));
    await app.close();

    const log = lines.join('\n');
    expect(log).toContain('"orderId":"1001"');
    expect(log).toContain('"orderId":"820982911946154508"');
    expect(log).toContain('"url":"/v1/orders"');
    for (const personal of [
      'ada@',
      'grace@',
      'example.jp',
      'Ada',
      'Lovelace',
      '花子',
      '山田',
      'x-shopify-hmac-sha256',
      'SERUM-C-30',
      STORE_HEADERS.authorization.slice(7),
    ])
      expect(log).not.toContain(personal);
  });

  describe('GET /readyz', () => {
    it('answers 200 with each dependency when all answer', async () => {
      const { app } = await testApp({
        readiness: {
          temporal: async () => undefined,
          database: async () => undefined,
          outbox: async () => '0 signal(s) waiting',
        },
      });
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      await app.close();

      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        ok: true,
        checks: { temporal: 'up', database: 'up', outbox: '0 signal(s) waiting' },
      });
    });

    it('answers 503 naming the dependency that is down, while /healthz stays 200', async () => {
      const { app } = await testApp({
        readiness: {
          temporal: async () => {
            throw new Error('connection refused');
          },
          database: async () => undefined,
        },
      });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      const live = await app.inject({ method: 'GET', url: '/healthz' });
      await app.close();

      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ ok: false, checks: { temporal: 'down: connection refused', database: 'up' } });
      expect(live.statusCode).toBe(200);
    });

    it('counts a check that hangs as down, within seconds', async () => {
      const { app } = await testApp({ readiness: { database: () => new Promise(() => {}) } });
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      await app.close();

      expect(res.json()).toEqual({
        ok: false,
        checks: { database: expect.stringMatching(/^down: no answer within 2 s/) },
      });
    });
  });
});
