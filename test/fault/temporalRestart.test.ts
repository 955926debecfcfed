import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { devServerSearchAttributeFlags } from '../../client/searchAttributes';
import { JourneyEvent } from '../../domain/events';
import { customerWorkflowId } from '../../workflows/signals';
import {
  type Child,
  faultOrder,
  freePort,
  sleep,
  spawnFaultWorker,
  startTemporalDevServer,
  tail,
  tempDir,
  waitUntil,
} from '../helpers/faultProcesses';
import { tally } from '../../devtools/deliveryTally';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { expectNoPersonalData, personalDataOf } from '../helpers/logCapture';

/**
 * The Temporal dev server is stopped mid-journey and started again on its SQLite file and port: journeys started
 * before go on afterwards. Customer A's how-to timer falls due while the server is down (it must fire after the
 * restart); customer B's delivery is reported after the restart. The worker process is left running throughout and
 * must ride out the outage by itself, however long it lasts: the server stays down for OUTAGE_MS.
 */
const TASK_QUEUE = 'fault-temporal-restart';
const HOW_TO_AFTER_DELIVERY_MS = 2 * 3_600_000; // the default journey's how-to: 2 h after the delivery
const [a, b] = ['restart-a', 'restart-b'];
/** Longer than the worker's gRPC retries and connect timeouts, so that a worker giving up would show here. */
const OUTAGE_MS = 30_000;

let server: Child | undefined;
let connection: Connection | undefined;
let sink: SmtpSink<ReceivedMail>;
const workers: Child[] = [];
const dataDir = tempDir('afterglow-fault-restart-');
const dbFile = path.join(dataDir, 'temporal.db');
const serverLog = path.join(dataDir, 'temporal.log');
const workerLog = path.join(dataDir, 'worker.log');

afterAll(async () => {
  workers.forEach((w) => w.kill());
  await Promise.all(workers.map((w) => w.exited));
  await connection?.close();
  await server?.stop(5_000);
  await sink?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('journeys started before a restart of the Temporal server keep going after it, nothing lost or sent twice', async () => {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const startServer = () =>
    startTemporalDevServer({ dbFile, port, logFile: serverLog, extraArgs: devServerSearchAttributeFlags() });
  [server, sink] = await Promise.all([startServer(), startSmtpSink({ parse: false })]);
  connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  await waitUntil(
    'namespace "default"',
    () =>
      connection!.workflowService.describeNamespace({ namespace: 'default' }).then(
        () => true,
        () => false,
      ),
    30_000,
  );
  const spawnWorker = () => {
    const worker = spawnFaultWorker(
      { temporalAddress: address, taskQueue: TASK_QUEUE, smtpUrl: sink.url, dataDir },
      workerLog,
    );
    workers.push(worker);
    return worker;
  };
  let worker = spawnWorker();
  await worker.ready;

  const gateway = temporalJourneyGateway(client, TASK_QUEUE);
  await gateway.placeOrder(faultOrder(a));
  await gateway.placeOrder(faultOrder(b));
  await waitUntil('both reassurance emails', async () => sink.mails.length >= 2, 30_000);

  // A's delivery now, dated so that its how-to falls due in a few seconds: while the server is down.
  const howToDueAt = Date.now() + 6_000;
  await gateway.reportEvent(delivered(a, howToDueAt - HOW_TO_AFTER_DELIVERY_MS));

  const stopAt = Date.now();
  await server.stop(15_000);
  const downAt = Date.now();
  const since = (t: number) => `${((t - downAt) / 1000).toFixed(1)}s`;
  await sleep(Math.max(howToDueAt + 1_000, downAt + OUTAGE_MS) - Date.now());
  const workerSurvivedOutage = !worker.hasExited();
  expect(sink.mails).toHaveLength(2); // nothing can be sent while the server is down

  server = await startServer();
  const upAt = Date.now();
  // B's delivery, reported once the server is back (the client reconnects by itself; retried while it does).
  await waitUntil(
    'B delivery reported',
    () =>
      gateway.reportEvent(delivered(b, Date.now() - HOW_TO_AFTER_DELIVERY_MS - 1_000)).then(
        () => true,
        () => false,
      ),
    30_000,
    500,
  );
  const reportedAt = Date.now();

  const expectedKeys = [a, b].flatMap((c) => [`${c}@fault.example.com reassurance`, `${c}@fault.example.com how-to`]);
  const delivered2 = async () => tally(sink.mails, expectedKeys).delivered === expectedKeys.length;
  // The worker should reconnect by itself. If it died, or is still silent after 45 s, start another one and say so.
  let workerRestarted = '';
  let allDelivered = await waitUntil(
    'how-to emails',
    async () => (await delivered2()) || worker.hasExited(),
    45_000,
    200,
  ).then(
    () => Date.now(),
    () => undefined,
  );
  if (!(await delivered2())) {
    workerRestarted = worker.hasExited()
      ? `worker ${await worker.exited}, restarted`
      : 'worker alive but silent, restarted';
    worker.kill();
    worker = spawnWorker();
    await worker.ready;
    allDelivered = await waitUntil('how-to emails (new worker)', delivered2, 30_000, 200).then(
      () => Date.now(),
      () => undefined,
    );
  }
  const settled = await waitUntil('journeys settled', () => noPendingActivities(client, [a, b]), 10_000, 500).catch(
    () => false,
  );

  const t = tally(sink.mails, expectedKeys);
  const howToA = sink.mails.find((m) => m.envelopeTo[0] === `${a}@fault.example.com` && m.step === 'how-to');
  console.log(
    `restart test: expected=${t.expected} delivered=${t.delivered} duplicates=${t.duplicates} lost=${t.lost.length}` +
      ` server stop=${((downAt - stopAt) / 1000).toFixed(1)}s down=${((upAt - downAt) / 1000).toFixed(1)}s (until the frontend accepts again)` +
      ` B-reported=${since(reportedAt)} A-how-to=${howToA ? since(howToA.receivedAt) : '-'}` +
      ` all-delivered=${allDelivered ? `${since(allDelivered)} (${((allDelivered - upAt) / 1000).toFixed(1)}s after the restart)` : 'NO'}` +
      ` worker=${workerRestarted || (workerSurvivedOutage ? 'kept running and reconnected' : 'died')} settled=${settled ? 'yes' : 'no'}`,
  );
  if (t.lost.length || t.duplicates || workerRestarted)
    console.log(`worker log tail:\n${tail(workerLog, 15)}\nserver log tail:\n${tail(serverLog, 10)}`);
  expect({ duplicates: t.duplicates, lost: t.lost.length, unexpected: t.unexpected }).toEqual({
    duplicates: 0,
    lost: 0,
    unexpected: 0,
  });
  // A's how-to came from a timer that fell due while the server was down: it can only have fired after the restart.
  expect(howToA!.receivedAt).toBeGreaterThan(upAt);
  expect(workerRestarted).toBe('');
  // The counts above are final only once no activity is pending: without this, a late duplicate could still be on its way.
  expect(settled).toBe(true);
}, 140_000);

it('the worker logged no customer address or name across the restart', () => {
  expectNoPersonalData(
    workers.flatMap((w) => w.output),
    personalDataOf(faultOrder(a), faultOrder(b)),
  );
});

function delivered(customerId: string, at: number): JourneyEvent {
  return JourneyEvent.parse({
    type: 'order.delivered',
    customerId,
    orderId: `${customerId}-o1`,
    occurredAt: new Date(at).toISOString(),
  });
}

async function noPendingActivities(client: Client, customers: string[]): Promise<boolean> {
  const described = await Promise.all(
    customers.map((c) => client.workflow.getHandle(customerWorkflowId('default', c)).describe()),
  );
  return described.every((d) => (d.raw.pendingActivities ?? []).length === 0);
}
