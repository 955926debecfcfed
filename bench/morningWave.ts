import type { Client } from '@temporalio/client';
import { loadContent } from '../definitions/content';
import { blastRate, pastOrders, placeOrders, runWave, WAVE_STEP } from './journeyLoad';
import { zoneInsideSendWindow } from '../devtools/sendWindowZone';
import { startSmtpSink } from '../devtools/smtpSink';
import { type BenchRow, fmt, int, REPO_ROOT } from './shared';
import { startWorkerProcess } from './workerProcess';
import { loadConfig } from '../temporal.config';
import { workerTuning } from '../worker/tuning';

const TASK_QUEUE = 'bench-wave';
export const CONCURRENCY = 32;

/**
 * When the wave falls due, from the time it took to open the journeys: reporting a delivery costs the worker about
 * half of what opening a journey does (measured: 0.5-0.6 of the time), so this leaves a margin without idling long.
 */
export function leadMs(openSeconds: number): number {
  return Math.round(Math.min(90_000, Math.max(8_000, 5_000 + 700 * openSeconds)));
}

/** Where the journeys run: the dev server (a TestWorkflowEnvironment is one) or a cluster. */
export interface TemporalTarget {
  address: string;
  namespace?: string;
  client: Client;
}

/**
 * `customers` journeys whose how-to falls due at the same instant, on `env` with `workers` real worker processes
 * sending through their pooled SMTP transports to a sink on 127.0.0.1, vs. the sink's intake limit: the same number
 * of emails of the same template blasted through a bare pooled nodemailer transport.
 */
export async function morningWave(
  env: TemporalTarget,
  customers = 1000,
  { workers: workerCount = 1, label = 'dev server' } = {},
): Promise<{ rows: BenchRow[]; detail: string; perSec: number }> {
  const content = loadContent(REPO_ROOT);
  const sink = await startSmtpSink({ parse: false });
  // The same AFTERGLOW_WORKER_* settings as `npm run worker`, so a tuning can be measured before it is deployed.
  const tuning = workerTuning(loadConfig());
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () =>
      startWorkerProcess({
        address: env.address,
        namespace: env.namespace ?? 'default',
        taskQueue: TASK_QUEUE,
        smtpUrl: sink.url,
        tuning,
      }),
    ),
  );
  const [worker] = workers;
  // CPU of every worker process together: 1 = one core busy.
  const usage = async () => ({
    cpuMs: (await Promise.all(workers.map((w) => w.usage()))).reduce((sum, u) => sum + u.cpuMs, 0),
  });
  try {
    const zone = zoneInsideSendWindow(Date.now() + 180_000);
    const orders = pastOrders(content, customers, 'wave', zone, Date.now());
    const placed = await placeOrders(env.client, TASK_QUEUE, orders, CONCURRENCY);
    process.stderr.write(
      `bench:   ${int(customers)} journeys waiting for their delivery after ${fmt(placed.openS)} s\n`,
    );

    await blastRate(sink, worker.blast, Math.min(200, customers), 'warmup.bench.localhost');
    const blast = await blastRate(sink, worker.blast, customers, 'blast.bench.localhost');
    const wave = await runWave({
      client: env.client,
      taskQueue: TASK_QUEUE,
      content,
      sink,
      orders,
      concurrency: CONCURRENCY,
      leadMs: leadMs(placed.openS),
      usage,
    });
    const due = new Date(wave.dueAt).toISOString().slice(11, 19);
    return {
      rows: [
        {
          name: `morning wave: ${int(customers)} how-to emails due at once (${label}, ${workerCount === 1 ? 'worker' : `${workerCount} workers`} → SMTP)`,
          value: wave.perSec,
          unit: 'emails/s',
          baselineName: 'bare nodemailer pool → same sink',
          baseline: blast.perSec,
          ratio: wave.perSec / blast.perSec,
          note:
            `due at ${due}Z (customers in ${zone}); in the sink: first after ${fmt(wave.firstS)} s, median ${fmt(wave.medianS)} s, ` +
            `last ${fmt(wave.lastS)} s vs ${fmt(blast.seconds)} s for the bare blast; worker CPU ${fmt(wave.workerCpu * 100)}% of one core (2 cores, shared ` +
            `with the Temporal server and the sink); every customer got exactly one ${WAVE_STEP} email ` +
            `(${fmt(wave.meanBytes / 1024)} KiB mean; blast ${fmt(blast.meanBytes / 1024)} KiB)`,
        },
      ],
      detail:
        `${int(customers)} orders dated two days back (reassurance expired, skipped) sent in ${fmt(placed.sentS)} s at concurrency ${CONCURRENCY}, ` +
        `all journeys on their delivery timer after ${fmt(placed.openS)} s; deliveries reported in ${fmt(wave.reportS)} s, ` +
        (wave.marginS >= 0
          ? `every how-to timer set ${fmt(wave.marginS)} s before the due instant`
          : `LATE: timers set ${fmt(-wave.marginS)} s after the due instant, the wave overlapped its setup`) +
        `; ${workerCount === 1 ? 'worker in its own process' : `${workerCount} worker processes`}, tuning ${Object.keys(tuning).length ? JSON.stringify(tuning) : 'SDK defaults'} ` +
        `(workflow cache ${int(worker.info.maxCachedWorkflows)}), created in ${fmt(worker.info.createMs)} ms from the prebuilt bundle; ` +
        `workflow tasks over 5 s (core warning TMPRL1104): ${worker.slowTasks()}`,
      perSec: wave.perSec,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await sink.close();
  }
}
