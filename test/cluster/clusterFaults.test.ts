import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { afterglowDatabaseUrl, restartService } from '../../devtools/cluster/cluster';
import { runningPid } from '../../devtools/cluster/processes';
import { startThrowawayCluster, type ThrowawayCluster } from '../../devtools/cluster/throwawayCluster';
import { tally } from '../../devtools/deliveryTally';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { customerWorkflowId } from '../../workflows/signals';
import {
  type Child,
  faultOrder,
  freePort,
  randomBetween,
  sleep,
  spawnApi,
  spawnFaultWorker,
  tail,
  tempDir,
  waitUntil,
} from '../helpers/faultProcesses';
import { TEST_API_KEY } from '../helpers/apiHarness';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/**
 * Afterglow on a multi-service Temporal cluster (frontend, history, matching and worker as their own processes, on
 * PostgreSQL with SQL visibility), with its own storage on the same PostgreSQL: two API processes take a burst of
 * orders, two worker processes send. During the burst a worker is SIGKILLed mid-send, then the history service and
 * the matching service restart. Every email must arrive exactly once, and support's searches answer from SQL
 * visibility. `npm run test:cluster` (opt-in: minutes, and the first run builds the server).
 */
const CUSTOMERS = 40;
const TASK_QUEUE = 'cluster-faults';
const ADMIN_TOKEN = 'cluster-test-admin-token-0123456789abcdef';
const DELIVERY_DEADLINE_MS = 150_000;
const customers = Array.from({ length: CUSTOMERS }, (_, i) => `cl-${String(i).padStart(2, '0')}`);

let cluster: ThrowawayCluster;
let sink: SmtpSink<ReceivedMail>;
let connection: Connection;
let client: Client;
const dir = tempDir('afterglow-cluster-test-');
const workers: Child[] = [];
const apis: (Child & { url: string; ready: Promise<void> })[] = [];

beforeAll(async () => {
  [cluster, sink] = await Promise.all([
    startThrowawayCluster(),
    startSmtpSink({ parse: false, replyDelayMs: [100, 400], deliveryLookup: true }),
  ]);
  connection = await Connection.connect({ address: cluster.address });
  client = new Client({ connection, namespace: cluster.namespace });
}, 15 * 60_000);

afterAll(async () => {
  [...workers, ...apis].forEach((child) => child.kill());
  await Promise.all([...workers, ...apis].map((child) => child.exited));
  await connection?.close();
  await sink?.close();
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const databaseUrl = () => afterglowDatabaseUrl(cluster.layout);

function spawnWorker(): Child & { ready: Promise<void> } {
  const worker = spawnFaultWorker(
    {
      temporalAddress: cluster.address,
      namespace: cluster.namespace,
      taskQueue: TASK_QUEUE,
      smtpUrl: sink.url,
      dataDir: dir,
      databaseUrl: databaseUrl(),
      deliveryLookupUrl: sink.deliveryLookupUrl,
    },
    path.join(dir, 'workers.log'),
  );
  workers.push(worker);
  return worker;
}

async function spawnApis(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const api = spawnApi(
      {
        TEMPORAL_ADDRESS: cluster.address,
        TEMPORAL_NAMESPACE: cluster.namespace,
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        DATABASE_URL: databaseUrl(),
        AFTERGLOW_DATA_DIR: path.join(dir, `api-${i}`),
        AFTERGLOW_CONTENT_DIR: FIXTURE_CONTENT_DIR,
        AFTERGLOW_API_KEYS: `default:${TEST_API_KEY}`,
        AFTERGLOW_ADMIN_TOKEN: ADMIN_TOKEN,
        AFTERGLOW_LINK_SECRET: 'cluster-test-link-secret-0123456789abcdef',
        AFTERGLOW_EMAIL_HASH_SECRET: 'cluster-test-email-hash-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
      },
      port,
      path.join(dir, `api-${i}.log`),
    );
    apis.push({ ...api, url: `http://127.0.0.1:${port}` });
  }
  await Promise.all(apis.map((api) => api.ready));
}

/** Orders go to the two APIs in turn, as a load balancer would send them. */
let nextApi = 0;
async function postOrder(customerId: string): Promise<void> {
  const api = apis[nextApi++ % apis.length];
  const response = await fetch(`${api.url}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
    body: JSON.stringify(faultOrder(customerId)),
  });
  if (response.status !== 202)
    throw new Error(`POST /v1/orders for ${customerId}: ${response.status} ${await response.text()}`);
}

async function noPendingActivities(): Promise<boolean> {
  const described = await Promise.all(
    customers.map((c) => client.workflow.getHandle(customerWorkflowId('default', c)).describe()),
  );
  return described.every((d) => (d.raw.pendingActivities ?? []).length === 0);
}

async function ledgerByStatus(): Promise<Record<string, number>> {
  const pg = new PgClient({ connectionString: databaseUrl() });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ status: string; n: string }>(
      'select status, count(*) as n from send_ledger group by status',
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  } finally {
    await pg.end();
  }
}

it(
  'every email of a burst arrives exactly once although a worker is SIGKILLed and history and matching restart',
  async () => {
    await spawnApis(2);
    await Promise.all([spawnWorker().ready, spawnWorker().ready]);
    const expectedKeys = customers.map((c) => `${c}@fault.example.com reassurance`);
    const waves = Array.from({ length: 4 }, (_, i) => customers.filter((_c, j) => j % 4 === i));
    const burstAt = Date.now();
    const since = (t: number) => `${((t - burstAt) / 1000).toFixed(1)}s`;
    const faults: string[] = [];
    const inFlightAtKill: number[] = [];
    const restarted: { service: string; before?: number; after?: number }[] = [];

    // Wave 1, then a worker SIGKILLed while sends are in flight (and a new one started in its place).
    await Promise.all(waves[0].map(postOrder));
    await sleep(randomBetween(300, 1_000));
    await waitUntil('a send in flight', async () => sink.inFlight > 0, 5_000, 20).catch(() => undefined);
    inFlightAtKill.push(sink.inFlight);
    workers[0].kill();
    await workers[0].exited;
    faults.push(`worker SIGKILLed at ${since(Date.now())} (${inFlightAtKill[0]} sends in flight)`);
    const replacement = spawnWorker();

    // Wave 2 while the history service restarts; wave 3 while the matching service restarts.
    for (const [wave, service] of [
      [waves[1], 'history'],
      [waves[2], 'matching'],
    ] as const) {
      await Promise.all(wave.map(postOrder));
      await sleep(randomBetween(200, 800));
      const startedAt = Date.now();
      const before = runningPid(cluster.layout, service);
      await restartService(cluster.layout, service);
      restarted.push({ service, before, after: runningPid(cluster.layout, service) });
      faults.push(
        `${service} restarted at ${since(startedAt)} (back after ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
      );
    }
    await replacement.ready;
    await Promise.all(waves[3].map(postOrder));

    const allDelivered = await waitUntil(
      'every email delivered',
      async () => tally(sink.mails, expectedKeys).delivered === CUSTOMERS,
      burstAt + DELIVERY_DEADLINE_MS - Date.now(),
      250,
    ).then(
      () => Date.now(),
      () => undefined,
    );
    const settled = await waitUntil('journeys settled', noPendingActivities, 60_000, 500).then(
      () => true,
      () => false,
    );
    const t = tally(sink.mails, expectedKeys);
    const ledger = await ledgerByStatus();
    console.log(
      `cluster fault test: expected=${t.expected} delivered=${t.delivered} duplicates=${t.duplicates} lost=${t.lost.length}\n` +
        `  ${faults.join('; ')}; all delivered ${allDelivered ? since(allDelivered) : 'NO'}; settled ${settled}\n` +
        `  send ledger: ${JSON.stringify(ledger)}`,
    );
    if (t.lost.length || t.duplicates) console.log(`worker log tail:\n${tail(path.join(dir, 'workers.log'), 20)}`);
    expect({ duplicates: t.duplicates, lost: t.lost, unexpected: t.unexpected, settled }).toEqual({
      duplicates: 0,
      lost: [],
      unexpected: 0,
      settled: true,
    });
    // The kill landed while at least one email was on its way to the SMTP server, and each service is a new process.
    expect(inFlightAtKill[0]).toBeGreaterThan(0);
    expect(restarted.map((r) => [r.service, !!r.before && !!r.after && r.before !== r.after])).toEqual([
      ['history', true],
      ['matching', true],
    ]);
    expect(ledger).toEqual({ sent: CUSTOMERS });
  },
  10 * 60_000,
);

it("support's searches answer from SQL visibility: by customer, by order number and by when the next email is due", async () => {
  const customerId = customers[0];
  const workflowId = customerWorkflowId('default', customerId);
  // Delivered now: the how-to falls due later, so the journey's NextMessageAt moves into the future.
  const events = await fetch(`${apis[1].url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
    body: JSON.stringify({
      type: 'order.delivered',
      customerId,
      orderId: `${customerId}-o1`,
      occurredAt: new Date().toISOString(),
    }),
  });
  expect(events.status).toBe(202);
  const list = async (query: string) => {
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    return ids;
  };
  await waitUntil(
    'the search attributes indexed',
    async () =>
      (await list(`CustomerId = "${customerId}"`)).includes(workflowId) &&
      (await list(`NextMessageAt > "${new Date().toISOString()}"`)).includes(workflowId),
    30_000,
    500,
  );
  expect(await list(`CustomerId = "${customerId}"`)).toEqual([workflowId]);
  // The API's support search by order number (OrderIds in SQL visibility), as a support agent calls it.
  const found = await fetch(`${apis[0].url}/v1/customers?orderId=${customers[1]}-o1`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(found.status).toBe(200);
  const body = (await found.json()) as { customers: { customerId: string }[] };
  expect(body.customers.map((c) => c.customerId)).toEqual([customers[1]]);
});
