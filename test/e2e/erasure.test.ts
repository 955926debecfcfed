import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { sql } from 'kysely';
import { answerRecorder } from '../../client/answerRecorder';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { supportGateway } from '../../client/supportGateway';
import { dataConverterFor } from '../../codec/dataConverter';
import { EncryptionCodec } from '../../codec/encryptionCodec';
import { PayloadKeyRing } from '../../codec/keyRing';
import { recordingGateway } from '../../measurement/recordingGateway';
import { privacySetup } from '../../privacy/privacySetup';
import { sealingJourneyGateway } from '../../privacy/sealingGateway';
import { ErasedDataError, personalDataVault } from '../../privacy/vault';
import type { CustomerState } from '../../rules/journeyState';
import { emailHash } from '../../storage/email';
import { customerWorkflowId } from '../../workflows/signals';
import { ATTRIBUTION_WINDOW_MS, startTestApi, type TestApi } from '../helpers/apiHarness';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { waitUntil } from '../helpers/faultProcesses';
import { type CapturedLogs, captureLogs, expectNoPersonalData } from '../helpers/logCapture';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import { TEST_EMAIL_HASH_SECRET } from '../helpers/testDependencies';
import { newShopifySecret, shopifyDelivery, shopifyFixture } from '../helpers/shopifyWebhooks';

/**
 * Issue #13's erasure on the real dev server with the payload codec on: a customer with two orders, an answer with a
 * comment, a consent change, sent emails and a changed address is erased; then the database (every row of every
 * table), the Temporal history of every run (raw bytes, and every payload decoded with the codec), the support API
 * and their export hold no trace of their address, name or words.
 */
const TASK_QUEUE = 'erasure';
const ADMIN = 'e'.repeat(40);
const CUSTOMER = 'c-erase';
const EMAIL = 'adaline.erasable@example.com';
const NEW_EMAIL = 'adaline.moved@example.org';
/** An address only the store knew: named in the request, it is suppressed too. */
const STORE_EMAIL = 'adaline.at.work@example.net';
const FIRST = 'Adalinexa';
const LAST = 'Forgetmenot';
const COMMENT = 'the serum stung my cheeks';
const TRACES = [EMAIL, 'adaline.erasable', NEW_EMAIL, 'adaline.moved', STORE_EMAIL, FIRST, LAST, COMMENT];

const SHOPIFY_SECRET = newShopifySecret();
const codecKeys = new PayloadKeyRing([{ id: 'p1', key: randomBytes(32) }]);
const vaultKeys = new PayloadKeyRing([{ id: 'v1', key: randomBytes(32) }]);
const codec = new EncryptionCodec(codecKeys);

let logs: CapturedLogs;
let h: DevHarness;
let api: TestApi;
let dataDir: string;

beforeAll(async () => {
  logs = captureLogs();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-erasure-'));
  h = await startDevHarness(TASK_QUEUE, { dataConverter: dataConverterFor(codecKeys), dataDir, vaultKeys });
  const { stores } = h.deps;
  const client = h.env.client;
  const vault = personalDataVault(stores.db, vaultKeys);
  const privacy = privacySetup({ db: stores.db, optOuts: stores.optOuts, client, vault });
  // A low continue-as-new threshold, so the customer's journey has several runs to erase.
  const journeys = sealingJourneyGateway(temporalJourneyGateway(client, TASK_QUEUE, { maxHistoryEvents: 30 }), vault);
  api = await startTestApi(client, stores, TASK_QUEUE, {
    gateway: recordingGateway(journeys, stores.facts, () => ATTRIBUTION_WINDOW_MS),
    support: { gateway: supportGateway(client, { emailHashSecret: TEST_EMAIL_HASH_SECRET, vault }), adminToken: ADMIN },
    privacy: { privacy: privacy.service, adminToken: ADMIN },
    privacyRequests: privacy.service,
    logger: logs.api,
    config: { SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, LOG_LEVEL: 'debug' },
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const admin = (method: string, route: string, body?: unknown) =>
  fetch(`${api.baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const order = (orderId: string) => ({
  orderId,
  placedAt: new Date().toISOString(),
  currency: 'USD',
  total: '58.00',
  customer: {
    id: CUSTOMER,
    email: EMAIL,
    firstName: FIRST,
    lastName: LAST,
    timezone: zoneInsideSendWindow(),
    acceptsMarketing: true,
  },
  lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
});

async function requestDone(requestId: string): Promise<Record<string, unknown>> {
  return waitUntil(
    `privacy request ${requestId}`,
    async () => {
      const view = (await (await admin('GET', `/v1/privacy-requests/${requestId}`)).json()) as Record<string, unknown>;
      return view.status === 'done' && view;
    },
    60_000,
    250,
  );
}

/** Every row of every table, as text. */
async function databaseDump(): Promise<string> {
  const { db } = h.deps.stores;
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  expect(tables.rows.map((t) => t.name)).toEqual(
    expect.arrayContaining([
      'answers',
      'consent_changes',
      'address_blocks',
      'fact_orders',
      'send_ledger',
      'customer_keys',
      'privacy_requests',
    ]),
  );
  const dumps = await Promise.all(
    tables.rows.map(
      async ({ name }) => `${name}: ${JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(db)).rows)}`,
    ),
  );
  return dumps.join('\n');
}

/** Every page of a run's history as the server serves it, without a codec. */
async function rawHistory(workflowId: string, runId: string) {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  const pages: Buffer[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await h.env.connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId, runId },
      nextPageToken,
    });
    pages.push(Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(page).finish()));
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events, bytes: Buffer.concat(pages) };
}

/** Every payload anywhere in the events (inputs, results, queries, failures, summaries), decoded with the codec, as text. */
async function decodedPayloads(events: unknown[]): Promise<string[]> {
  const payloads: Payload[] = [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
    const candidate = value as Payload;
    if (candidate.metadata && typeof candidate.metadata === 'object' && 'encoding' in candidate.metadata)
      payloads.push(candidate);
    else Object.values(value).forEach(visit);
  };
  events.forEach(visit);
  const decoded = await codec.decode(payloads);
  return decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
}

const expectNoTrace = (text: string) => {
  for (const trace of TRACES) expect({ trace, found: text.includes(trace) }).toEqual({ trace, found: false });
};

const workflowId = customerWorkflowId('default', CUSTOMER);

test('an erased customer leaves no trace of their address, name or words anywhere Afterglow keeps data', async () => {
  // Two orders, a sent email for each (to the real address: the worker opens the sealed one).
  expect((await api.post('/v1/orders', order('E-1'))).status).toBe(202);
  await waitUntil('the first email', async () => h.sink.mails.find((m) => m.envelopeTo.includes(EMAIL)), 30_000);
  expect((await api.post('/v1/orders', order('E-2'))).status).toBe(202);
  await waitUntil(
    'an email about the second order',
    async () => h.sink.mails.filter((m) => m.envelopeTo.includes(EMAIL)).length >= 2,
    30_000,
  );
  expect(
    (
      await api.post('/v1/consent', {
        customerId: CUSTOMER,
        marketing: 'unsubscribed',
        occurredAt: new Date().toISOString(),
      })
    ).status,
  ).toBe(202);
  const status = async () => (await (await admin('GET', `/v1/customers/${CUSTOMER}`)).json()) as CustomerState;
  const messageKey = (await status()).runs[0].messages[0].key;
  await answerRecorder(
    h.deps.stores.db,
    api.drainer.drain,
  )({
    storeId: 'default',
    customerId: CUSTOMER,
    orderId: 'E-1',
    messageKey,
    question: 'feedback',
    choice: '2',
    comment: `${FIRST} here: ${COMMENT}`,
    test: false,
    answeredAt: new Date().toISOString(),
  });
  const moved = await admin('POST', `/v1/customers/${CUSTOMER}/change-email`, {
    by: 'agent-7',
    reason: 'customer wrote in',
    email: NEW_EMAIL,
  });
  expect(moved.status).toBe(200);
  // Sealing is deterministic per customer, so the journey still knows the sealed address it already has.
  const same = await admin('POST', `/v1/customers/${CUSTOMER}/change-email`, {
    by: 'agent-7',
    reason: 'customer wrote again',
    email: NEW_EMAIL,
  });
  expect(same.status).toBe(409);
  expect(((await same.json()) as { message: string }).message).toContain("that is already the customer's address");

  // Support sees the customer opened; Temporal holds only sealed values, even decoded with the codec.
  expect((await status()).contact).toMatchObject({ email: NEW_EMAIL, firstName: FIRST, lastName: LAST });
  const runIds = await waitUntil(
    'a continue-as-new',
    async () => {
      const ids: string[] = [];
      for await (const execution of h.env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
        ids.push(execution.runId);
      return ids.length >= 2 && ids;
    },
    30_000,
    250,
  );
  const before = await Promise.all(runIds.map((runId) => rawHistory(workflowId, runId)));
  for (const { events, bytes } of before) {
    expectNoTrace(bytes.toString('latin1'));
    expectNoTrace((await decodedPayloads(events)).join('\n'));
  }
  const signals = (await decodedPayloads(before.flatMap((b) => b.events))).join('\n');
  expect(signals).toContain('afterglow-sealed:v1:');

  // An export before the erasure holds everything, opened; its stored form is sealed.
  const exported = (await (await admin('POST', `/v1/customers/${CUSTOMER}/export`)).json()) as { requestId: string };
  const exportView = await requestDone(exported.requestId);
  const exportText = JSON.stringify(exportView.export);
  for (const trace of [NEW_EMAIL, FIRST, LAST, COMMENT, 'E-1', 'E-2', 'unsubscribed'])
    expect(exportText).toContain(trace);
  // Until the erasure only the answer's comment (the customer's own words) is in the database in clear.
  expectNoTrace(
    (await databaseDump())
      .split('\n')
      .filter((line) => !line.startsWith('answers: '))
      .join('\n'),
  );

  // The erasure: 202 with the request's id at once, done by the processor.
  const erase = await admin('POST', `/v1/customers/${CUSTOMER}/erase`, { emails: [STORE_EMAIL], source: 'ticket-42' });
  expect(erase.status).toBe(202);
  const { requestId } = (await erase.json()) as { requestId: string };
  const done = await requestDone(requestId);
  expect(JSON.parse(done.detail as string)).toMatchObject({
    journeyRuns: expect.any(Number),
    keys: 1,
    answers: 1,
    consent_changes: 1,
    fact_orders: 2,
  });
  expect(JSON.parse(done.detail as string).journeyRuns).toBeGreaterThanOrEqual(runIds.length);

  // Database: no trace in any row; the customer's id only in the record of the erasure and the export request.
  const dump = await databaseDump();
  expectNoTrace(dump);
  expect(dump.split('\n').filter((l) => l.includes(CUSTOMER) && !l.startsWith('privacy_requests: '))).toEqual([]);
  expect(dump.split('\n').find((l) => l.startsWith('privacy_requests: '))).toContain(CUSTOMER);
  // The addresses stay suppressed, as hashes (marketing never again; a new order's service messages still go).
  for (const email of [EMAIL, NEW_EMAIL, STORE_EMAIL]) {
    expect(dump).toContain(emailHash(email));
    expect(
      await h.deps.stores.optOuts.reasonNotToSend({
        storeId: 'default',
        customerId: 'someone-new',
        email,
        category: 'marketing',
        at: new Date(),
      }),
    ).toBe('address blocked: erased');
    expect(
      await h.deps.stores.optOuts.reasonNotToSend({
        storeId: 'default',
        customerId: 'someone-new',
        email,
        category: 'service',
        at: new Date(),
      }),
    ).toBeUndefined();
  }

  // Temporal: every run is deleted, the running one at once, closed ones in the server's background (about 30 s on
  // the dev server); the copies read before the erasure hold only values nobody can open any more.
  await waitUntil(
    'the journey deleted',
    () =>
      h.env.client.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => false,
          (err: Error) => /not found/i.test(err.message),
        ),
    30_000,
    250,
  );
  for (const runId of runIds)
    await waitUntil(
      `run ${runId} deleted`,
      () =>
        rawHistory(workflowId, runId).then(
          () => false,
          (err: { code?: number }) => err.code === 5,
        ),
      90_000,
      500,
    );
  const vault = personalDataVault(h.deps.stores.db, vaultKeys);
  const sealed = [...signals.matchAll(/afterglow-sealed:v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+/g)].map((m) => m[0]);
  expect(sealed.length).toBeGreaterThan(0);
  for (const value of new Set(sealed)) await expect(vault.open({ value })).rejects.toThrow(ErasedDataError);

  // The support API and the export.
  expect((await admin('GET', `/v1/customers/${CUSTOMER}`)).status).toBe(404);
  expect((await requestDone(exported.requestId)).export).toBeNull();

  // Asked twice: harmless, nothing left to do.
  const again = (await (await admin('POST', `/v1/customers/${CUSTOMER}/erase`)).json()) as { requestId: string };
  expect(JSON.parse((await requestDone(again.requestId)).detail as string)).toMatchObject({
    keys: 0,
    answers: 0,
    consent_changes: 0,
    fact_orders: 0,
    send_ledger: 0,
  });
  expectNoTrace(await databaseDump());
});

test('an erasure that arrives while Temporal is down is stored, acknowledged and carried out once it is back', async () => {
  expect(
    (
      await api.post('/v1/orders', {
        ...order('D-1'),
        customer: { ...order('D-1').customer, id: 'c-down', email: 'down@example.com' },
      })
    ).status,
  ).toBe(202);
  await waitUntil('the email', async () => h.sink.mails.find((m) => m.envelopeTo.includes('down@example.com')), 30_000);

  // An API whose Temporal is unreachable (nothing listens on that port).
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const deadClient = new Client({ connection, namespace: 'default' });
  const { stores } = h.deps;
  const vault = personalDataVault(stores.db, vaultKeys);
  const down = privacySetup({ db: stores.db, optOuts: stores.optOuts, client: deadClient, vault });
  const { requestId } = await down.service.requestErasure({ storeId: 'default', customerId: 'c-down', source: 'test' });
  const pending = await waitUntil(
    'the failed first attempt',
    async () => {
      const view = await down.service.status(requestId);
      return view?.detail?.startsWith('attempt 1 failed') && view;
    },
    30_000,
    250,
  );
  expect(pending).toMatchObject({ status: 'pending', kind: 'erasure', customerId: 'c-down' });
  await connection.close();

  // Temporal is back (the API's own processor, on the live client): the stored request is done at its next attempt.
  const later = privacySetup({
    db: stores.db,
    optOuts: stores.optOuts,
    client: h.env.client,
    vault,
    now: () => new Date(Date.now() + 120_000),
    intervalMs: 250,
  });
  later.processor.start();
  await waitUntil(
    'the stored erasure done',
    async () => (await later.service.status(requestId))?.status === 'done',
    30_000,
    250,
  );
  await later.processor.stop();
  await waitUntil(
    'the journey deleted',
    () =>
      h.env.client.workflow
        .getHandle(customerWorkflowId('default', 'c-down'))
        .describe()
        .then(
          () => false,
          (err: Error) => /not found/i.test(err.message),
        ),
    30_000,
    250,
  );
  expect(await vault.hasKey({ storeId: 'default', customerId: 'c-down' })).toBe(false);
});

test("a store's erasure (Shopify's shop/redact) erases every customer of the store, found in the database and in Temporal", async () => {
  const customers = ['c-shop-1', 'c-shop-2'];
  for (const id of customers)
    expect(
      (
        await api.post('/v1/orders', {
          ...order(`${id}-1`),
          customer: { ...order('x').customer, id, email: `${id}@example.com` },
        })
      ).status,
    ).toBe(202);
  for (const id of customers)
    await waitUntil(
      `${id}'s email`,
      async () => h.sink.mails.find((m) => m.envelopeTo.includes(`${id}@example.com`)),
      30_000,
    );
  const { stores } = h.deps;
  const vault = personalDataVault(stores.db, vaultKeys);
  const privacy = privacySetup({
    db: stores.db,
    optOuts: stores.optOuts,
    client: h.env.client,
    vault,
    processOnRequest: false,
  });
  const { requestId } = await privacy.service.requestStoreErasure({
    storeId: 'default',
    source: 'shopify:shop/redact',
  });
  expect(await privacy.processor.process([requestId])).toBe(1);
  const view = await privacy.service.status(requestId);
  expect(view).toMatchObject({ kind: 'store-erasure', status: 'done', source: 'shopify:shop/redact' });
  expect(JSON.parse(view!.detail!).customers).toBeGreaterThanOrEqual(2);
  for (const customerId of customers) {
    expect(await vault.hasKey({ storeId: 'default', customerId })).toBe(false);
    await waitUntil(
      `${customerId}'s journey deleted`,
      () =>
        h.env.client.workflow
          .getHandle(customerWorkflowId('default', customerId))
          .describe()
          .then(
            () => false,
            (err: Error) => /not found/i.test(err.message),
          ),
      30_000,
      250,
    );
    expect(
      await stores.optOuts.reasonNotToSend({
        storeId: 'default',
        customerId: 'anyone',
        email: `${customerId}@example.com`,
        category: 'marketing',
        at: new Date(),
      }),
    ).toBe('address blocked: erased');
  }
  const dump = await databaseDump();
  for (const customerId of customers)
    expect(dump.split('\n').filter((l) => l.includes(customerId) && !l.startsWith('privacy_requests: '))).toEqual([]);
  expect(dump).not.toMatch(/c-shop-\d@example\.com/);
});

test("Shopify's customers/redact, signed as Shopify signs it, erases the customer its orders/create started", async () => {
  // The fixtures' own customer (花子 山田, id above 2^53) and shop: the order first, then the shop's redact request.
  const shop = 'afterglow-demo.myshopify.com';
  const customerId = '115310627314723954';
  const traces = ['hanako.yamada@example.jp', '花子', '山田'];
  const deliver = async (topic: string, body: string) => {
    const { url, headers, payload } = shopifyDelivery(topic, body, { secret: SHOPIFY_SECRET, shop });
    const response = await fetch(`${api.baseUrl}${url}`, { method: 'POST', headers, body: payload });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const handle = h.env.client.workflow.getHandle(customerWorkflowId(shop, customerId));

  expect(await deliver('orders/create', shopifyFixture('orders-create'))).toMatchObject({
    status: 200,
    body: { workflowId: handle.workflowId },
  });
  await waitUntil(
    'the Shopify journey',
    () =>
      handle.describe().then(
        () => true,
        () => false,
      ),
    30_000,
    250,
  );

  const redact = await deliver('customers/redact', shopifyFixture('customers-redact'));
  expect(redact.status).toBe(200);
  await waitUntil(
    'the journey deleted',
    () =>
      handle.describe().then(
        () => false,
        (err: Error) => /not found/i.test(err.message),
      ),
    60_000,
    250,
  );
  const requests = await h.deps.stores.db
    .selectFrom('privacy_requests')
    .where('customer_id', '=', customerId)
    .select(['status', 'source'])
    .execute();
  expect(requests).toEqual([{ status: 'done', source: 'shopify:customers/redact' }]);
  const dump = await databaseDump();
  for (const trace of traces) expect({ trace, found: dump.includes(trace) }).toEqual({ trace, found: false });
  // The address Shopify named stays only as a hash, on the suppression list.
  const blocks = await h.deps.stores.optOuts.addressBlocks({ storeId: shop, email: 'hanako.yamada@example.jp' });
  expect(blocks.map((b) => b.reason)).toEqual(['erased']);
}, 120_000);

test('no line the worker or the API logged names the customers', () => {
  expectNoPersonalData(logs.lines, {
    emails: [EMAIL, NEW_EMAIL, STORE_EMAIL, 'down@example.com', 'c-shop-1@example.com', 'hanako.yamada@example.jp'],
    names: [FIRST, LAST, '花子', '山田'],
  });
});
