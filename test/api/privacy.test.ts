import type { FastifyInstance } from 'fastify';
import { privacyRequestService } from '../../privacy/privacyRequestService';
import { privacyRequestStore } from '../../privacy/requestStore';
import { personalDataVault } from '../../privacy/vault';
import { emailHash } from '../../storage/email';
import type { Database } from '../../storage/schema';
import type { Kysely } from 'kysely';
import { ringOf } from '../codec/support';
import { storageFor } from '../storage/backends';
import { testApp } from './helpers';

/** The admin API's privacy routes over a real SQLite store (the processor is left out: requests stay pending). */
const ADMIN = 'p'.repeat(40);
const stores = storageFor('sqlite');
let app: FastifyInstance;
let db: Kysely<Database>;
let vault: ReturnType<typeof personalDataVault>;

beforeEach(async () => {
  ({ db } = await stores.open());
  vault = personalDataVault(db, ringOf('v1'));
  ({ app } = await testApp({
    privacy: { privacy: privacyRequestService(privacyRequestStore(db), { vault }), adminToken: ADMIN },
    logger: false,
  }));
});
afterEach(() => app.close());

const call = (method: 'GET' | 'POST', url: string, payload?: unknown, token: string | null = ADMIN) =>
  app.inject({
    method,
    url,
    payload: payload === undefined ? undefined : JSON.stringify(payload),
    headers: {
      ...(payload !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
  });

it('stores an erasure, addresses only as hashes, and answers 202 with its id; the request can be followed', async () => {
  const res = await call('POST', '/v1/customers/c-42/erase?storeId=tokyo-shop.jp', {
    emails: ['Ada@Example.com'],
    source: 'ticket-9',
  });
  expect(res.statusCode).toBe(202);
  const { requestId, statusUrl } = res.json<{ requestId: string; statusUrl: string }>();
  expect(statusUrl).toBe(`/v1/privacy-requests/${requestId}`);
  const row = await db.selectFrom('privacy_requests').selectAll().executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    id: requestId,
    kind: 'erasure',
    store_id: 'tokyo-shop.jp',
    customer_id: 'c-42',
    source: 'ticket-9',
    status: 'pending',
    email_hashes: JSON.stringify([emailHash('ada@example.com')]),
  });
  expect(JSON.stringify(row).toLowerCase()).not.toContain('ada@example.com');

  const status = await call('GET', statusUrl);
  expect(status.statusCode).toBe(200);
  expect(status.headers['cache-control']).toBe('no-store');
  expect(status.json()).toMatchObject({
    id: requestId,
    kind: 'erasure',
    storeId: 'tokyo-shop.jp',
    customerId: 'c-42',
    status: 'pending',
  });
});

it('shows a finished export opened, and null once the customer was erased', async () => {
  const res = await call('POST', '/v1/customers/c-7/export');
  expect(res.statusCode).toBe(202);
  const { requestId } = res.json<{ requestId: string }>();
  const sealed = await vault.seal(
    { storeId: 'default', customerId: 'c-7' },
    { data: JSON.stringify({ email: 'c7@example.com' }) },
  );
  await privacyRequestStore(db).complete(requestId, { detail: 'export ready', sealedResult: sealed.data });
  expect((await db.selectFrom('privacy_requests').select('result').executeTakeFirstOrThrow()).result).not.toContain(
    'c7@example.com',
  );
  expect((await call('GET', `/v1/privacy-requests/${requestId}`)).json()).toMatchObject({
    status: 'done',
    export: { email: 'c7@example.com' },
  });
  await vault.destroy({ storeId: 'default', customerId: 'c-7' });
  expect((await call('GET', `/v1/privacy-requests/${requestId}`)).json()).toMatchObject({
    status: 'done',
    export: null,
  });
});

// A body's fields are named as in the body, on every route ("emails.0", "(body)"); the URL's under their part.
it.each([
  ['an address that is not one', '/v1/customers/c-42/erase', { emails: ['nope'] }, 'emails.0'],
  ['a field it does not know', '/v1/customers/c-42/erase', { everything: true }, '(body)'],
  ['a bad store id', '/v1/customers/c-42/export?storeId=no%20spaces', {}, 'query.storeId'],
])('refuses %s with 400 naming the field, and stores nothing', async (_, url, body, path) => {
  const res = await call('POST', url, body);
  expect(res.statusCode).toBe(400);
  expect(res.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toContain(path);
  expect(await db.selectFrom('privacy_requests').selectAll().execute()).toEqual([]);
});

it('lists the invalid fields of the URL and of the body together', async () => {
  const res = await call('POST', '/v1/customers/c-42/erase?storeId=no%20spaces', { emails: ['nope'] });
  expect(res.statusCode).toBe(400);
  expect(
    res
      .json<{ issues: { path: string }[] }>()
      .issues.map((i) => i.path)
      .sort(),
  ).toEqual(['emails.0', 'query.storeId']);
});

it('answers 401 without the admin token, 404 for an unknown request and 400 for what is not a request id', async () => {
  expect((await call('POST', '/v1/customers/c-42/erase', {}, null)).statusCode).toBe(401);
  expect((await call('POST', '/v1/customers/c-42/erase', {}, 'q'.repeat(40))).statusCode).toBe(401);
  expect((await call('GET', '/v1/privacy-requests/pr_00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  const bad = await call('GET', '/v1/privacy-requests/123');
  expect(bad.statusCode).toBe(400);
  expect(bad.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(['params.id']);
});
