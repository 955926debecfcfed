import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadContent } from '../definitions/content';
import { pastOrders, placeOrders, runWave } from './journeyLoad';
import { zoneInsideSendWindow } from '../devtools/sendWindowZone';
import { startSmtpSink } from '../devtools/smtpSink';
import { CONCURRENCY, leadMs } from './morningWave';
import { type BenchRow, fmt, int, REPO_ROOT } from './shared';
import { startWorkerProcess, type Usage } from './workerProcess';

const TASK_QUEUE = 'bench-memory';
const SETTLE_MS = 3_000;
const CHECKPOINTS = 5;

/**
 * The worker's RSS (its own process) idle, as `open` journeys waiting on their delivery timers pile up (read at
 * CHECKPOINTS steps), and after a wave of `wave` of them got their how-to email. RSS is bounded by the worker's
 * workflow cache (maxCachedWorkflows): journeys beyond it live on the server only and are replayed when they wake.
 */
export async function workerMemory(
  env: TestWorkflowEnvironment,
  open = 2500,
  wave = 500,
): Promise<{ rows: BenchRow[]; detail: string }> {
  const content = loadContent(REPO_ROOT);
  const sink = await startSmtpSink({ parse: false });
  const worker = await startWorkerProcess({
    address: env.address,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    smtpUrl: sink.url,
  });
  const settled = async (): Promise<Usage> => {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return worker.usage();
  };
  try {
    const idle = await settled();
    const zone = zoneInsideSendWindow(Date.now() + 900_000);
    const orders = pastOrders(content, open, 'mem', zone, Date.now());
    const steps: { open: number; rss: number }[] = [];
    let openS = 0;
    let sentS = 0;
    let opened = idle;
    for (let k = 1; k <= CHECKPOINTS; k++) {
      const upTo = Math.round((open * k) / CHECKPOINTS);
      const from = steps.at(-1)?.open ?? 0;
      if (upTo === from) continue;
      const placed = await placeOrders(env.client, TASK_QUEUE, orders.slice(from, upTo), CONCURRENCY, upTo);
      openS += placed.openS;
      sentS += placed.sentS;
      opened = await settled();
      steps.push({ open: upTo, rss: opened.rss });
      process.stderr.write(
        `bench:   ${int(upTo)} journeys open after ${fmt(openS)} s, worker RSS ${fmt(opened.rss)} MB\n`,
      );
    }
    const slowWhileOpening = worker.slowTasks();
    // The oldest journeys: with more open than the cache holds, they were evicted and are replayed to send.
    const waveOrders = orders.slice(0, Math.min(wave, open));
    const result = await runWave({
      client: env.client,
      taskQueue: TASK_QUEUE,
      content,
      sink,
      orders: waveOrders,
      concurrency: CONCURRENCY,
      leadMs: leadMs(2 * openS * (waveOrders.length / open)),
      usage: worker.usage,
    });
    const after = await settled();
    const cache = worker.info.maxCachedWorkflows;
    const cached = Math.min(open, cache);
    return {
      rows: [
        {
          name: `worker RSS, ${int(open)} journeys open on timers`,
          value: opened.rss,
          unit: 'MB',
          baselineName: 'same worker idle, before any journey',
          baseline: idle.rss,
          ratio: opened.rss / idle.rss,
          note:
            `workflow cache (maxCachedWorkflows, the SDK default for a ${fmt(worker.info.heapLimitMb)} MB heap) ${int(cache)}: at most ${int(cached)} ` +
            `of the ${int(open)} journeys are in the worker, the rest live on the server; ${fmt((opened.rss - idle.rss) / cached)} MB RSS per cached journey; ` +
            `RSS at ${steps.map((s) => `${int(s.open)}: ${fmt(s.rss)}`).join(', ')} MB`,
        },
        {
          name: `worker RSS after a wave of ${int(waveOrders.length)} emails`,
          value: after.rss,
          unit: 'MB',
          baselineName: 'same worker idle, before any journey',
          baseline: idle.rss,
          ratio: after.rss / idle.rss,
          note:
            `the ${int(waveOrders.length)} oldest journeys${open > cache ? ' (evicted from the cache, so replayed)' : ''} got their how-to at once: ` +
            `last in the sink ${fmt(result.lastS)} s after due, ${fmt(result.perSec)} emails/s, worker CPU ${fmt(result.workerCpu * 100)}% of one core` +
            (result.marginS >= 0 ? '; ' : ` (LATE: timers set ${fmt(-result.marginS)} s after due); `) +
            `RSS read ${SETTLE_MS / 1000} s after the last email`,
        },
      ],
      detail:
        `opening ${int(open)} journeys took ${fmt(openS)} s (${fmt(open / openS)} journeys/s; orders sent at concurrency ${CONCURRENCY} in ${fmt(sentS)} s); ` +
        `main-thread heap ${fmt(idle.heapUsed)} → ${fmt(opened.heapUsed)} → ${fmt(after.heapUsed)} MB (workflows run in the workflow thread); ` +
        `workflow tasks over 5 s (core warning TMPRL1104): ${slowWhileOpening} while opening, ${worker.slowTasks() - slowWhileOpening} in the wave`,
    };
  } finally {
    await worker.stop();
    await sink.close();
  }
}
