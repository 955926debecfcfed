import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { consentRecorder } from '../../client/consentRecorder';
import { openStores, type Stores } from '../../storage';
import { OTHER_STORE_KEY, STORE_HEADERS, TEST_NOW, testApp } from './helpers';
import { iso } from '../../rules/iso';

/** POST /v1/consent on a real SQLite store: the choice and its outbox signal, never one without the other. */
let stores: Stores;
let app: FastifyInstance;
let dataDir: string;
const drained: number[][] = [];

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-consent-api-'));
  stores = await openStores({ dataDir });
  drained.length = 0;
  // Temporal is "down": the signal stays in the outbox.
  const drain = async (ids: number[]) => {
    drained.push(ids);
    throw new Error('Temporal unreachable');
  };
  ({ app } = await testApp({ recordConsent: consentRecorder(stores.db, drain, () => new Date(TEST_NOW)) }));
});
afterEach(async () => {
  await app.close();
  await stores.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const post = (body: object, authorization = STORE_HEADERS.authorization) =>
  app.inject({
    method: 'POST',
    url: '/v1/consent',
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization },
  });

it('stores the choice and its signal together, and answers 202 even while Temporal cannot take the signal', async () => {
  const res = await post({
    customerId: 'c-42',
    marketing: 'paused',
    until: iso(TEST_NOW + 86_400_000),
    occurredAt: iso(TEST_NOW - 60_000),
  });

  expect(res.statusCode).toBe(202);
  expect(await stores.optOuts.choices({ storeId: 'default', customerId: 'c-42' })).toEqual([
    { status: 'paused', until: iso(TEST_NOW + 86_400_000), at: iso(TEST_NOW - 60_000), source: 'store' },
  ]);
  const [signal] = await stores.outbox.take(10);
  expect(signal).toMatchObject({
    workflowId: 'customer/default/c-42',
    signal: 'consentChanged',
    args: [expect.objectContaining({ marketing: 'paused', source: 'store' })],
  });
  expect(drained).toEqual([[signal.id]]);
});

it('counts a store time a little ahead of the clock as the time it was received', async () => {
  await post({ customerId: 'c-42', marketing: 'subscribed', occurredAt: iso(TEST_NOW + 4 * 60_000) });
  expect((await stores.optOuts.currentChoice({ storeId: 'default', customerId: 'c-42' }))?.at).toBe(iso(TEST_NOW));
});

it.each([
  ['a date in 2999', { occurredAt: '2999-01-01T00:00:00Z' }, 'occurredAt'],
  ['a date before 2000', { occurredAt: '1999-01-01T00:00:00Z' }, 'occurredAt'],
  ['a pause without its end', { marketing: 'paused' }, 'until'],
  ['a source of its own (stores cannot pose as the customer)', { source: 'one-click' }, undefined],
])('rejects %s with 400 naming the field, and records nothing', async (_, change, field) => {
  const res = await post({ customerId: 'c-42', marketing: 'subscribed', occurredAt: iso(TEST_NOW), ...change });
  if (field === undefined) {
    // An unknown field is dropped: the choice is recorded as the store's.
    expect(res.statusCode).toBe(202);
    expect((await stores.optOuts.currentChoice({ storeId: 'default', customerId: 'c-42' }))?.source).toBe('store');
    return;
  }
  expect(res.statusCode).toBe(400);
  expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual([field]);
  expect(await stores.optOuts.choices({ storeId: 'default', customerId: 'c-42' })).toEqual([]);
  expect(await stores.outbox.depth()).toBe(0);
});

it("needs the store's own key", async () => {
  expect(
    (await post({ customerId: 'c-42', marketing: 'unsubscribed', occurredAt: iso(TEST_NOW) }, 'Bearer nope'))
      .statusCode,
  ).toBe(401);
  expect(
    (
      await post(
        { customerId: 'c-42', marketing: 'unsubscribed', occurredAt: iso(TEST_NOW) },
        `Bearer ${OTHER_STORE_KEY}`,
      )
    ).statusCode,
  ).toBe(403);
  expect(await stores.outbox.depth()).toBe(0);
});
