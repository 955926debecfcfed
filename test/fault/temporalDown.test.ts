import fs from 'node:fs';
import path from 'node:path';
import { lazyClient } from '../../client/connection';
import { devServerSearchAttributeFlags } from '../../client/searchAttributes';
import { signToken } from '../../links/signedToken';
import type { CustomerState } from '../../rules/journeyState';
import { openStores, type Stores } from '../../storage';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import {
  type Child,
  faultOrder,
  freePort,
  spawnFaultWorker,
  startTemporalDevServer,
  tempDir,
  waitUntil,
} from '../helpers/faultProcesses';
import { expectNoPersonalData, personalDataOf } from '../helpers/logCapture';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';

/**
 * The Temporal server stops while the API runs: stores get a fast 503 (never a hang, never a half-done order),
 * /readyz says Temporal is down while /healthz stays up, and a customer's unsubscribe is stored, shown as done and
 * delivered to their journey through the outbox once the server is back.
 */
const TASK_QUEUE = 'fault-temporal-down';
const dataDir = tempDir('afterglow-fault-down-');
let server: Child | undefined;
let worker: Child | undefined;
let sink: SmtpSink<ReceivedMail>;
let stores: Stores;
let api: TestApi;
let closeClient: (() => Promise<void>) | undefined;
/** The API's log lines (the worker's are its process output). */
const apiLines: string[] = [];

afterAll(async () => {
  await api?.close();
  worker?.kill();
  await worker?.exited;
  await closeClient?.();
  await server?.stop(5_000);
  await stores?.close();
  await sink?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("answers 503 fast while Temporal is down, keeps the customer's unsubscribe, and delivers it when Temporal is back", async () => {
  const port = await freePort();
  const startServer = () =>
    startTemporalDevServer({
      dbFile: path.join(dataDir, 'temporal.db'),
      port,
      logFile: path.join(dataDir, 'temporal.log'),
      extraArgs: devServerSearchAttributeFlags(),
    });
  [server, sink] = await Promise.all([startServer(), startSmtpSink({ parse: false })]);
  stores = await openStores({ dataDir });
  const { client, connection } = lazyClient({ temporal: { address: `127.0.0.1:${port}`, namespace: 'default' } });
  closeClient = () => connection.close();
  const spawned = spawnFaultWorker(
    { temporalAddress: `127.0.0.1:${port}`, taskQueue: TASK_QUEUE, smtpUrl: sink.url, dataDir },
    path.join(dataDir, 'worker.log'),
  );
  worker = spawned;
  await spawned.ready;
  api = await startTestApi(client, stores, TASK_QUEUE, {
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'debug' },
    logger: { stream: { write: (line) => apiLines.push(line) } },
  });

  const customer = 'down-1';
  expect((await api.post('/v1/orders', faultOrder(customer))).status).toBe(202);
  await waitUntil('the reassurance email', async () => sink.mails.length >= 1, 30_000);

  await server.stop(15_000);

  const started = Date.now();
  const order = await api.post('/v1/orders', faultOrder('down-2'));
  const tookMs = Date.now() - started;
  expect(order.status).toBe(503);
  expect(order.headers.get('retry-after')).toBe('5');
  expect(await order.json()).toMatchObject({ error: 'temporal_unavailable' });
  // The call's own deadline is 3 s: a store is never left hanging on a dead Temporal.
  expect(tookMs).toBeLessThan(10_000);

  const ready = await fetch(`${api.baseUrl}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({
    ok: false,
    checks: { temporal: expect.stringMatching(/^down/), database: 'up' },
  });
  expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);

  const token = signToken({ storeId: 'default', customerId: customer }, [TEST_LINK_SECRET]);
  const click = await fetch(`${api.baseUrl}/u/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(click.status).toBe(200);
  expect(await click.text()).not.toMatch(/could not save/i);
  expect(await stores.optOuts.currentChoice({ storeId: 'default', customerId: customer })).toMatchObject({
    status: 'unsubscribed',
    source: 'one-click',
  });
  expect(await stores.outbox.depth()).toBe(1);

  server = await startServer();
  await waitUntil('the outbox drained', async () => (await stores.outbox.depth()) === 0, 60_000, 250);
  const handle = client.workflow.getHandle(customerWorkflowId('default', customer));
  const state = await waitUntil(
    'the journey knows',
    async () => {
      const s: CustomerState = await handle.query(journeyState);
      return s.marketing?.status === 'unsubscribed' ? s : undefined;
    },
    30_000,
    250,
  );
  expect(state.marketing).toMatchObject({ status: 'unsubscribed', source: 'one-click' });
  // Orders are taken again, and the one refused during the outage was never half-started.
  await expect(client.workflow.getHandle(customerWorkflowId('default', 'down-2')).describe()).rejects.toThrow(
    /not found/i,
  );
  expect((await api.post('/v1/orders', faultOrder('down-2'))).status).toBe(202);
}, 120_000);

it('neither the API nor the worker logged a customer address or name through the outage', () => {
  expectNoPersonalData(
    [...apiLines, ...(worker?.output ?? [])],
    personalDataOf(faultOrder('down-1'), faultOrder('down-2')),
  );
});
