import { TestWorkflowEnvironment } from '@temporalio/testing';
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { customerWorkflowId } from '../../workflows/signals';
import {
  type Child,
  faultOrder,
  loopbackDevServer,
  randomBetween,
  sleep,
  spawnFaultWorker,
  tail,
  tempDir,
  waitUntil,
} from '../helpers/faultProcesses';
import { tally } from '../../devtools/deliveryTally';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { expectNoPersonalData, personalDataOf } from '../helpers/logCapture';

/**
 * Exactly-once under worker crashes: a burst of journeys whose reassurance goes out at once, a worker process that
 * is SIGKILLed several times while it sends (the sink answers DATA slowly, so kills land mid-send) and restarted
 * each time, all workers sharing one SQLite send ledger and one SMTP sink. Every email must arrive, none twice.
 */
const CUSTOMERS = 40;
const KILLS = 4;
const TASK_QUEUE = 'fault-worker-kill';
// How long after the burst every email must have arrived and every send attempt be over. A send stranded in a
// killed worker comes back once Temporal misses its heartbeats (heartbeatTimeout 10 s; the activity beats every
// 2 s) plus the retry interval (10 s); the new attempt takes over the dead attempt's claim in the send ledger at
// once (an earlier attempt of the same activity, so its 2 min lease need not run out), after asking the sink's
// delivery lookup whether the message already left.
// FAULT_DELIVERY_DEADLINE_MS overrides it, to measure how long recovery really takes.
const DELIVERY_DEADLINE_MS = Number(process.env.FAULT_DELIVERY_DEADLINE_MS ?? 90_000);
// At least this long for the last attempts to finish, even past the deadline.
const SETTLE_MS = 5_000;
const customers = Array.from({ length: CUSTOMERS }, (_, i) => `kill-${String(i).padStart(2, '0')}`);

let env: TestWorkflowEnvironment;
let sink: SmtpSink<ReceivedMail>;
const dataDir = tempDir('afterglow-fault-kill-');
const logFile = path.join(dataDir, 'workers.log');
const workers: Child[] = [];

beforeAll(async () => {
  [env, sink] = await Promise.all([
    TestWorkflowEnvironment.createLocal({ server: loopbackDevServer() }),
    // 100-400 ms from the final "." to the 250: a provider's scanning and queueing, and the window kills hit.
    startSmtpSink({ parse: false, replyDelayMs: [100, 400], deliveryLookup: true }),
  ]);
}, 60_000);

afterAll(async () => {
  workers.forEach((w) => w.kill());
  await Promise.all(workers.map((w) => w.exited));
  await sink?.close();
  await env?.teardown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it(
  'every email of a burst arrives exactly once although the worker is SIGKILLed mid-send and restarted',
  async () => {
    const spawnWorker = () => {
      const worker = spawnFaultWorker(
        {
          temporalAddress: env.address,
          taskQueue: TASK_QUEUE,
          smtpUrl: sink.url,
          dataDir,
          deliveryLookupUrl: sink.deliveryLookupUrl,
        },
        logFile,
      );
      workers.push(worker);
      return worker;
    };
    let worker = spawnWorker();
    await worker.ready;

    const gateway = temporalJourneyGateway(env.client, TASK_QUEUE);
    const expectedKeys = customers.map((c) => `${c}@fault.example.com reassurance`);
    // The burst comes in waves, one per worker life, so that every worker has sends in flight when it is killed.
    const waves = Array.from({ length: KILLS + 1 }, (_, i) => customers.filter((_c, j) => j % (KILLS + 1) === i));
    const burstAt = Date.now();
    const since = (t: number) => `${((t - burstAt) / 1000).toFixed(1)}s`;

    // Kill at a random moment 300-1500 ms into each worker's life (a little later if no send is in flight yet, at
    // most 3 s), restart at once; the next wave and kill come once the new worker polls.
    const kills: string[] = [];
    const inFlightAtKill: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      await Promise.all(waves[i].map((c) => gateway.placeOrder(faultOrder(c))));
      await sleep(randomBetween(300, 1_500));
      await waitUntil('a send in flight', async () => sink.inFlight > 0, 3_000, 20).catch(() => undefined);
      const inFlight = sink.inFlight;
      worker.kill();
      inFlightAtKill.push(inFlight);
      await worker.exited;
      kills.push(`${since(Date.now())} (${inFlight} in flight, ${sink.mails.length} mails so far)`);
      worker = spawnWorker();
      await worker.ready;
    }
    await Promise.all(waves[KILLS].map((c) => gateway.placeOrder(faultOrder(c))));
    const lastRestartAt = Date.now();

    // Bounded: wait for every email, then until no journey has an activity left that could still send one.
    const allDelivered = await waitUntil(
      'every email delivered',
      async () => tally(sink.mails, expectedKeys).delivered === CUSTOMERS,
      burstAt + DELIVERY_DEADLINE_MS - Date.now(),
      200,
    )
      .then(() => Date.now())
      .catch(() => undefined);
    // Attempts stranded in a killed worker may still be retried after the last email arrived; only once none is
    // pending are the counts final (a duplicate would come from one of them).
    const settleBound = Math.max(burstAt + DELIVERY_DEADLINE_MS - Date.now(), SETTLE_MS);
    const settled = await waitUntil('journeys settled', () => noPendingActivities(customers), settleBound, 500).then(
      () => Date.now(),
      () => undefined,
    );

    const t = tally(sink.mails, expectedKeys);
    const arrivals = sink.mails.map((m) => m.receivedAt).sort((a, b) => a - b);
    console.log(
      `fault test: expected=${t.expected} delivered=${t.delivered} duplicates=${t.duplicates} lost=${t.lost.length} kills=${KILLS}\n` +
        `  kills at ${kills.join(', ')}; last restart ${since(lastRestartAt)}; ` +
        `first mail ${arrivals.length ? since(arrivals[0]) : '-'}, last ${arrivals.length ? since(arrivals[arrivals.length - 1]) : '-'}; ` +
        `all delivered ${allDelivered ? since(allDelivered) : `NOT within ${DELIVERY_DEADLINE_MS / 1000}s`}; settled ${settled ? since(settled) : 'NO'}\n` +
        `  send ledger: ${ledgerSummary()}; SMTP connections ${sink.connections}` +
        (t.duplicated.length ? `\n  duplicated: ${t.duplicated.join(', ')}` : '') +
        (t.lost.length ? `\n  lost: ${t.lost.slice(0, 10).join(', ')}${t.lost.length > 10 ? ' …' : ''}` : ''),
    );
    if (t.lost.length || t.duplicates) console.log(`worker log tail (${logFile}):\n${tail(logFile, 15)}`);
    expect({ duplicates: t.duplicates, lost: t.lost.length, unexpected: t.unexpected }).toEqual({
      duplicates: 0,
      lost: 0,
      unexpected: 0,
    });
    expect(settled).toBeDefined(); // every attempt over within the bound, so no duplicate can still come
    // The test is about kills mid-send: at least one must have landed with a send in flight, or it proved nothing.
    expect(inFlightAtKill).toHaveLength(KILLS);
    expect(inFlightAtKill.filter((n) => n > 0).length).toBeGreaterThan(0);
  },
  DELIVERY_DEADLINE_MS + SETTLE_MS + 15_000,
);

it('no worker, killed or not, logged a customer address or name', () => {
  expectNoPersonalData(
    workers.flatMap((w) => w.output),
    personalDataOf(...customers.map((c) => faultOrder(c))),
  );
});

/** True once no journey has a pending activity (an attempt that might still send something later). */
async function noPendingActivities(customers: string[]): Promise<boolean> {
  const described = await Promise.all(
    customers.map((c) => env.client.workflow.getHandle(customerWorkflowId('default', c)).describe()),
  );
  return described.every((d) => (d.raw.pendingActivities ?? []).length === 0);
}

/** The ledger as the workers left it: entries by status, and how many claims were taken over by a retry. */
function ledgerSummary(): string {
  const db = new SQLite(path.join(dataDir, 'afterglow.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('select status, count(*) as n, sum(claims) as claims from send_ledger group by status')
      .all() as { status: string; n: number; claims: number }[];
    return rows.map((r) => `${r.status}=${r.n} (claims ${r.claims})`).join(', ') || 'empty';
  } finally {
    db.close();
  }
}
