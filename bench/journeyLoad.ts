import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { sampleOrder } from '../authoring/sampleMessage';
import { temporalJourneyGateway } from '../client/journeyGateway';
import { SEARCH_ATTRIBUTES } from '../client/searchAttributes';
import type { Content } from '../definitions/content';
import type { MessageStep } from '../definitions/journeySchema';
import type { Order } from '../domain/order';
import { addDuration } from '../rules/duration';
import { quietRuntime } from '../worker/quietRuntime';
import type { ReceivedMail, SmtpSink } from '../devtools/smtpSink';
import { ensure } from '../scripts/ensureTemporal.cjs';

const DAY_MS = 86_400_000;
/** The wave's emails are the default journey's how-to, the first message after a delivery. */
export const WAVE_STEP = 'how-to';

/** The Temporal dev server (in memory, Afterglow's search attributes registered) on 127.0.0.1. */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: ensure('temporal') },
      ip: '127.0.0.1',
      searchAttributes: [...SEARCH_ATTRIBUTES],
    },
  });
}

/**
 * `count` customers (en/ja alternating, in `zone`) each with one order placed two days ago: the reassurance (due at
 * the order, expires after a day) is skipped, not sent, and the journey waits for the delivery on a timer.
 */
export function pastOrders(content: Content, count: number, prefix: string, zone: string, now: number): Order[] {
  const placedAt = new Date(now - 2 * DAY_MS);
  return Array.from({ length: count }, (_, i) => {
    const o = sampleOrder(content.products, i % 2 === 0 ? 'en' : 'ja', placedAt);
    const id = `${prefix}-${i + 1}`;
    return {
      ...o,
      orderId: `${prefix.toUpperCase()}-${i + 1}`,
      customer: { ...o.customer, id, email: `${id}@${prefix}.bench.localhost`, timezone: zone },
    };
  });
}

/** Runs `fn(0..count-1)` with at most `concurrency` in flight; returns the seconds it took. */
async function inParallel(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) await fn(i);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Polls visibility until `expected` running journeys on `taskQueue` are at `stage` (JourneyStage); bounded. */
async function waitForStage(
  client: Client,
  taskQueue: string,
  stage: string,
  expected: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running' AND JourneyStage = '${stage}'`;
  for (;;) {
    const { count } = await client.workflow.count(query);
    if (count >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`${count} of ${expected} journeys on ${taskQueue} reached ${stage} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Places every order through the gateway the API uses (signal-with-start, search attributes on) and waits until
 * `waiting` journeys on the task queue (default: these) wait for their delivery. Seconds: to send the orders, and
 * until the journeys were waiting.
 */
export async function placeOrders(
  client: Client,
  taskQueue: string,
  orders: Order[],
  concurrency: number,
  waiting = orders.length,
): Promise<{ sentS: number; openS: number }> {
  const started = performance.now();
  const gateway = temporalJourneyGateway(client, taskQueue);
  const sentS = await inParallel(orders.length, concurrency, (i) => gateway.placeOrder(orders[i]));
  await waitForStage(client, taskQueue, 'awaiting-delivery', waiting, 60_000 + orders.length * 100);
  return { sentS, openS: (performance.now() - started) / 1000 };
}

/** How long after the delivery the wave step falls due (minutes or hours: the same span in every zone). */
function waveDelayMs(content: Content): number {
  const step = content.journeys
    .find((j) => j.definition.id === 'post-purchase')
    ?.definition.steps.find((s): s is MessageStep => s.id === WAVE_STEP && 'template' in s);
  if (!step || step.at.from !== 'delivery' || !/^\d+(\.\d+)?[mh]$/.test(step.at.after))
    throw new Error(`the bench expects post-purchase/${WAVE_STEP} to be timed in minutes or hours from the delivery`);
  return addDuration(0, step.at.after, 'UTC');
}

export interface WaveResult {
  count: number;
  /** When every wave email fell due (ms since the epoch). */
  dueAt: number;
  /** From the due instant until the first / median / last wave email was in the sink. */
  firstS: number;
  medianS: number;
  lastS: number;
  perSec: number;
  /** Seconds to report the deliveries, and the margin left before the due instant (negative: set up late). */
  reportS: number;
  marginS: number;
  meanBytes: number;
  /** The worker process's CPU time over the wave (due instant to last email) / wall time: 1 = one core busy. */
  workerCpu: number;
}

/**
 * Reports `order.delivered` for every order, dated so that the how-to of all of them falls due at the same instant
 * `leadMs` from now; checks that every journey has its timer set before that instant, then measures from it until
 * the last how-to is in the sink. Every customer must get exactly one email in the wave.
 */
export async function runWave(options: {
  client: Client;
  taskQueue: string;
  content: Content;
  sink: SmtpSink<ReceivedMail>;
  orders: Order[];
  concurrency: number;
  leadMs: number;
  usage: () => Promise<{ cpuMs: number }>;
}): Promise<WaveResult> {
  const { client, taskQueue, sink, orders } = options;
  const gateway = temporalJourneyGateway(client, taskQueue);
  const recipients = new Set(orders.map((o) => o.customer.email));
  const ofWave = (m: ReceivedMail) => m.envelopeTo.some((t) => recipients.has(t));
  const before = sink.mails.filter(ofWave).length;
  if (before > 0)
    throw new Error(`${before} emails reached wave customers before the wave (the reassurance should have expired)`);

  const dueAt = Date.now() + options.leadMs;
  const occurredAt = new Date(dueAt - waveDelayMs(options.content)).toISOString();
  const reportS = await inParallel(orders.length, options.concurrency, (i) =>
    gateway.reportEvent({
      type: 'order.delivered',
      storeId: orders[i].storeId,
      customerId: orders[i].customer.id,
      orderId: orders[i].orderId,
      occurredAt,
    }),
  );
  // Late (the lead was too short for this machine) the figures still stand, but the wave overlapped its setup.
  await waitForStage(client, taskQueue, WAVE_STEP, orders.length, Math.max(5_000, dueAt - Date.now() + 60_000)).catch(
    (err: Error) => {
      if (!/reached/.test(err.message)) throw err;
    },
  );
  const marginS = (dueAt - Date.now()) / 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now() - 50)));
  if (sink.mails.some((m) => ofWave(m) && m.receivedAt < dueAt))
    throw new Error('wave emails arrived before they fell due');
  const cpuBefore = await options.usage();
  const cpuFrom = Date.now();

  const mails = await sink.waitFor(orders.length, { where: ofWave, timeoutMs: 180_000, what: 'morning wave emails' });
  const cpuAfter = await options.usage();
  const workerCpu = (cpuAfter.cpuMs - cpuBefore.cpuMs) / (Date.now() - cpuFrom);
  // A moment more for anything sent twice.
  await new Promise((r) => setTimeout(r, 1_500));
  const all = sink.mails.filter(ofWave);
  const perRecipient = new Map<string, number>();
  for (const m of all)
    for (const to of m.envelopeTo) if (recipients.has(to)) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  const wrongStep = all.filter((m) => m.step !== WAVE_STEP).length;
  const twice = [...perRecipient.values()].filter((n) => n !== 1).length;
  if (all.length !== orders.length || perRecipient.size !== orders.length || wrongStep || twice)
    throw new Error(
      `wave check: ${all.length} emails for ${orders.length} customers, ${perRecipient.size} distinct, ${twice} not exactly once, ${wrongStep} not ${WAVE_STEP}`,
    );
  const times = mails.map((m) => (m.receivedAt - dueAt) / 1000).sort((a, b) => a - b);
  const lastS = times[times.length - 1];
  return {
    count: orders.length,
    dueAt,
    firstS: times[0],
    medianS: times[Math.floor(times.length / 2)],
    lastS,
    perSec: orders.length / lastS,
    reportS,
    marginS,
    meanBytes: mails.reduce((n, m) => n + m.bytes, 0) / mails.length,
    workerCpu,
  };
}

/** The bare baseline's rate: `count` emails from the worker process's pooled nodemailer, timed at the sink. */
export async function blastRate(
  sink: SmtpSink<ReceivedMail>,
  blast: (count: number, concurrency: number, domain: string) => Promise<number>,
  count: number,
  domain: string,
): Promise<{ perSec: number; seconds: number; meanBytes: number }> {
  const started = await blast(count, 100, domain);
  const mails = await sink.waitFor(count, {
    where: (m) => m.envelopeTo[0]?.endsWith(`@${domain}`),
    timeoutMs: 60_000,
    what: 'bare blast emails',
  });
  const seconds = (Math.max(...mails.map((m) => m.receivedAt)) - started) / 1000;
  return { perSec: count / seconds, seconds, meanBytes: mails.reduce((n, m) => n + m.bytes, 0) / mails.length };
}
