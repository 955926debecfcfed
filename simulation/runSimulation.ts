import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerRecorder } from '../client/answerRecorder';
import { consentRecorder } from '../client/consentRecorder';
import { Answer } from '../domain/answers';
import { itemSkus } from '../rules/messageItems';
import { orderSkus } from '../rules/planRun';
import { outboxDrainer } from '../client/outboxDrainer';
import type { Stores } from '../storage';
import { temporalJourneyGateway } from '../client/journeyGateway';
import type { Content } from '../definitions/content';
import { storeSettings } from '../definitions/loadStores';
import type { Order } from '../domain/order';
import { type CustomerState, messageStepOf } from '../rules/journeyState';
import { customerWorkflowId, journeyState } from '../workflows/signals';
import { createJourneyWorker } from '../worker/createWorker';
import { openJourneyDependencies } from '../worker/journeyDependencies';
import { onOrderCalendar, simulatedStart } from './calendarShift';
import { type RecordedMail, recordingTransport } from './recordingTransport';
import type { SimulationEvent } from './simulationEvents';
import { explainStop, onInterrupt, type SimulationProgress, withTimeLimit } from './simulationStopped';
import { startGuardedTimeSkippingEnv } from './timeSkippingEnv';
import { iso } from '../rules/iso';

const DAY_MS = 86_400_000;
const TASK_QUEUE = 'simulation';
/** Two years of a busy customer take seconds; this only ends a run that is stuck. */
const DEFAULT_TIME_LIMIT_MS = 300_000;

export interface SimulationInput {
  order: Order;
  events: SimulationEvent[];
  /** Orders the same customer places later, each at its offset from the first (events then concern the newest). */
  laterOrders?: { order: Order; afterMs: number }[];
  /** Overrides the order's acceptsMarketing. */
  consent?: boolean;
  content: Content;
  /** Stop after this many days even if messages are still planned. */
  horizonDays?: number;
  /** Real time after which the run stops with SimulationStopped (default 5 minutes). */
  timeLimitMs?: number;
}

export interface SimulationResult {
  state: CustomerState;
  mails: RecordedMail[];
  /** Add to simulated instants to show them on the order's own dates (whole 28-year calendar cycles, or 0). */
  offsetMs: number;
  zone: string;
}

/**
 * Runs the real workflow and activities on Temporal's time-skipping test server, with a sender that records
 * instead of sending: the timeline is what production would do, not a second implementation of the rules.
 * The server's clock starts now, so the order is replayed at the same local time of day and the dates are
 * shifted back onto the order's own calendar for display.
 */
export async function runSimulation(input: SimulationInput): Promise<SimulationResult> {
  const { interrupted, dispose } = onInterrupt();
  const progress: SimulationProgress = {
    customer: input.order.customer.id,
    storeId: input.order.storeId,
    zone: displayZone(input),
  };
  const cleanup: (() => unknown)[] = [dispose];
  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-simulation-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const transport = recordingTransport();
    const deps = await openJourneyDependencies({
      content: () => input.content,
      smtpUrl: 'smtp://127.0.0.1:9',
      transport,
      dataDir,
      mailFrom: `${storeSettings(input.content.stores, input.order.storeId).name} <hello@simulation.localhost>`,
      publicUrl: 'https://afterglow.simulation.localhost',
      linkSecrets: [randomBytes(32).toString('hex')],
      warmTemplates: false,
    });
    cleanup.push(() => deps.close());
    const { env, watch } = await startGuardedTimeSkippingEnv();
    cleanup.push(() => env.teardown());
    // The emails show the order's own dates, not the simulated calendar's (a whole number of 28-year cycles later).
    const sendMessage: typeof deps.activities.sendMessage = (send) =>
      deps.activities.sendMessage(onOrderCalendar(send, progress.offsetMs ?? 0));
    const activities = { ...deps.activities, sendMessage };
    const worker = await createJourneyWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      activities,
    });
    const run = () =>
      Promise.race([watch.guard(simulate(env, input, deps.stores, transport.mails, progress)), interrupted]);
    return await worker.runUntil(() => withTimeLimit(run(), input.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS));
  } catch (err) {
    throw explainStop(err, progress);
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}

/** Whether the journey has planned `orderId`: its runs started, or the log says why none did. */
function planned(state: CustomerState, orderId: string): boolean {
  return (
    state.runs.some((r) => r.orderId === orderId) ||
    state.log.some((l) => l.orderId === orderId && l.kind === 'ignored')
  );
}

/** The customer's zone, else the store's: where the timeline shows its dates. */
const displayZone = ({ order, content }: SimulationInput) =>
  order.customer.timezone ?? storeSettings(content.stores, order.storeId).timezone;

async function simulate(
  env: TestWorkflowEnvironment,
  input: SimulationInput,
  stores: Stores,
  mails: RecordedMail[],
  progress: SimulationProgress,
): Promise<SimulationResult> {
  const { order } = input;
  const gateway = temporalJourneyGateway(env.client, TASK_QUEUE, { searchAttributes: false });
  // Consent is recorded on the simulated clock (the recorder caps a change's time at its clock's now).
  let simulatedNow = 0;
  const recordConsent = consentRecorder(
    stores.db,
    outboxDrainer(stores.outbox, env.client).drain,
    () => new Date(simulatedNow),
  );
  // On the order's own calendar (or the same one whole 28-year cycles later): every hour, weekday and clock change
  // is the customer's, so send windows and calendar days decide as they would have.
  const { startMs: start, offsetMs } = simulatedStart(Date.parse(order.placedAt), await env.currentTimeMs());
  await env.sleep(Math.max(start - (await env.currentTimeMs()), 1));
  Object.assign(progress, { offsetMs, reachedMs: start });
  const reached = async () => (progress.reachedMs = await env.currentTimeMs());
  const customer = { ...order.customer, acceptsMarketing: input.consent ?? order.customer.acceptsMarketing };
  await gateway.placeOrder({ ...order, placedAt: iso(start), customer });

  const ids = { storeId: order.storeId, customerId: customer.id };
  const handle = env.client.workflow.getHandle(customerWorkflowId(ids.storeId, ids.customerId));
  const recordAnswer = answerRecorder(stores.db, outboxDrainer(stores.outbox, env.client).drain);
  /** The customer answers the newest email that asked the question: each product it asked about, alike. */
  const answerLatest = async (state: CustomerState, event: SimulationEvent, answeredAt: string) => {
    const { question, choice } = event.answer!;
    const asked = state.runs
      .flatMap((run) =>
        run.messages
          .filter((m) => m.status === 'sent' && messageStepOf(run, m.stepIndex).asks === question)
          .map((m) => ({ run, m })),
      )
      .sort((a, b) => a.m.resolvedAt!.localeCompare(b.m.resolvedAt!))
      .at(-1);
    if (!asked) throw new Error(`--event "${event.spec}": no ${question} email had gone out by then`);
    const skus =
      question === 'feedback' ? (itemSkus(asked.m.item) ?? orderSkus(asked.run.order).map((s) => s.sku)) : [undefined];
    for (const sku of skus)
      await recordAnswer(
        Answer.parse({
          ...ids,
          orderId: asked.run.orderId,
          messageKey: asked.m.key,
          question,
          sku,
          choice,
          answeredAt,
        }),
      );
  };
  let reorders = 0;
  // Store events (delivered, refunded, …) concern the newest order placed so far.
  let newestOrderId = order.orderId;
  const placeLater = async (later: Order, placedAt: string) => {
    newestOrderId = later.orderId;
    await gateway.placeOrder({
      ...later,
      storeId: order.storeId,
      placedAt,
      customer: {
        ...later.customer,
        id: customer.id,
        acceptsMarketing: input.consent ?? later.customer.acceptsMarketing,
      },
    });
  };
  const timeline = [
    ...input.events.map((event) => ({ afterMs: event.afterMs, event })),
    ...(input.laterOrders ?? []).map((later) => ({ afterMs: later.afterMs, later: later.order })),
  ];
  for (const entry of timeline.sort((a, b) => a.afterMs - b.afterMs)) {
    await env.sleep(Math.max(start + entry.afterMs - (await env.currentTimeMs()), 1));
    simulatedNow = await reached();
    const occurredAt = iso(simulatedNow);
    if ('later' in entry) {
      await placeLater(entry.later, occurredAt);
      continue;
    }
    const { event } = entry;
    if (event.kind === 'reorder') {
      await placeLater({ ...order, orderId: `${order.orderId}-R${++reorders}` }, occurredAt);
    } else if (event.kind === 'answer') {
      await answerLatest(await handle.query(journeyState), event, occurredAt);
    } else if (event.kind === 'unsubscribe') {
      await recordConsent({ ...ids, marketing: 'unsubscribed', occurredAt, source: 'one-click' });
    } else {
      const type = (
        {
          delivered: 'order.delivered',
          refunded: 'order.refunded',
          cancelled: 'order.cancelled',
          reviewed: 'review.submitted',
        } as const
      )[event.kind];
      await gateway.reportEvent({ type, ...ids, orderId: newestOrderId, occurredAt });
    }
  }
  const horizon = start + (input.horizonDays ?? 730) * DAY_MS;
  // The newest order may still be being planned (its activity runs in real time): read the journey once it is.
  let state = await handle.query(journeyState);
  while (!planned(state, newestOrderId)) {
    await setTimeout(50);
    state = await handle.query(journeyState);
  }
  // Skip ahead a month at a time until nothing is planned any more.
  while (state.runs.some((r) => r.status === 'active') && (await reached()) < horizon) {
    await env.sleep(30 * DAY_MS);
    state = await handle.query(journeyState);
  }
  return { state, mails: [...mails], offsetMs, zone: progress.zone };
}
