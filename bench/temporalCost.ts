import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleOrder } from '../authoring/sampleMessage';
import { temporalJourneyGateway } from '../client/journeyGateway';
import { loadContent } from '../definitions/content';
import type { Locale } from '../definitions/localized';
import { storeSettings } from '../definitions/loadStores';
import type { Order } from '../domain/order';
import { recordingTransport } from '../simulation/recordingTransport';
import { openJourneyDependencies } from '../worker/journeyDependencies';
import { quietRuntime } from '../worker/quietRuntime';
import { customerWorkflowId, journeyState } from '../workflows/signals';
import { type BenchRow, fmt, REPO_ROOT } from './shared';
import { ensure } from '../scripts/ensureTemporal.cjs';

const DAY_MS = 86_400_000;
const TASK_QUEUE = 'bench-cost';
const EventType = temporal.api.enums.v1.EventType;

export interface HistoryCount {
  events: number;
  starts: number;
  signals: number;
  timers: number;
  activities: number;
  /** Workflow tasks that ran local activities (Temporal Cloud bills the local activities of one task as one action). */
  localActivities: number;
  retries: number;
  upserts: number;
  updates: number;
  continueAsNew: number;
}

/**
 * Billable actions in one history, as Temporal Cloud counts them: the start (signal-with-start counts once as the
 * start and once as the signal), each signal, timer, activity scheduled, workflow task with local activities,
 * activity retry (attempt > 1), search attribute upsert, update and continue-as-new. Queries are actions too but
 * never appear in history.
 */
function countHistory(events: temporal.api.history.v1.IHistoryEvent[]): HistoryCount {
  const c: HistoryCount = {
    events: events.length,
    starts: 0,
    signals: 0,
    timers: 0,
    activities: 0,
    localActivities: 0,
    retries: 0,
    upserts: 0,
    updates: 0,
    continueAsNew: 0,
  };
  let localActivityTask: unknown;
  for (const e of events) {
    const t = e.eventType;
    switch (t) {
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        // Local activities leave markers, recorded in the completion of the task that ran them.
        const task = e.markerRecordedEventAttributes?.workflowTaskCompletedEventId?.toString();
        if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' && task !== localActivityTask) {
          c.localActivities++;
          localActivityTask = task;
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        c.starts++;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        c.signals++;
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        c.timers++;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        c.activities++;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        if ((e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1)
          c.retries += e.activityTaskStartedEventAttributes!.attempt! - 1;
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        c.upserts++;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        c.updates++;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        c.continueAsNew++;
        break;
    }
  }
  return c;
}

const actions = (c: HistoryCount) =>
  c.starts +
  c.signals +
  c.timers +
  c.activities +
  c.localActivities +
  c.retries +
  c.upserts +
  c.updates +
  c.continueAsNew;

export interface CostResult {
  customers: number;
  sent: number;
  totals: HistoryCount;
  simulatedDays: number;
  seconds: number;
}

/**
 * The default journey for `customers` customers (en/ja alternating, delivered after 3 days), to completion, on the
 * time-skipping test server with the real worker and activities and a recording mail transport. With
 * `searchAttributes` the workflow upserts its search attributes as it would on a namespace that has them (onto the
 * test server's predefined attributes, see testServerSearchAttributes.ts).
 */
async function runJourneys(customers: number, searchAttributes: boolean | 'lean'): Promise<CostResult> {
  const started = performance.now();
  quietRuntime();
  const content = loadContent(REPO_ROOT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-bench-'));
  const transport = recordingTransport();
  const deps = await openJourneyDependencies({
    content: () => content,
    smtpUrl: 'smtp://127.0.0.1:9',
    transport,
    dataDir,
    mailFrom: `${storeSettings(content.stores, undefined as unknown as string).name} <hello@bench.localhost>`,
    publicUrl: 'https://afterglow.bench.localhost',
    linkSecrets: [randomBytes(32).toString('hex')],
    warmTemplates: false,
  });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensure('temporal-test-server') } },
  });
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('../workflows'),
      activities: deps.activities,
      // The test server's predefined search attributes stand in for Afterglow's (see testServerSearchAttributes.ts).
      bundlerOptions: {
        webpackConfigHook: (config) => {
          config.resolve = config.resolve ?? {};
          config.resolve.alias = {
            ...config.resolve.alias,
            [path.join(REPO_ROOT, 'client/searchAttributes')]: path.join(__dirname, 'testServerSearchAttributes.ts'),
          };
          return config;
        },
      },
    });
    return await worker.runUntil(async () => {
      const start = await env.currentTimeMs();
      const orders: Order[] = Array.from({ length: customers }, (_, i) => {
        const locale: Locale = i % 2 === 0 ? 'en' : 'ja';
        const o = sampleOrder(content.products, locale, new Date(start));
        return {
          ...o,
          orderId: `B-${i + 1}`,
          customer: { ...o.customer, id: `bench-${i + 1}`, email: `bench-${i + 1}@example.com` },
        };
      });
      for (const order of orders) {
        const workflowId = customerWorkflowId(order.storeId, order.customer.id);
        // What temporalJourneyGateway.placeOrder does, minus the start-time search attributes the test server lacks.
        await env.client.workflow.signalWithStart('customerJourney', {
          workflowId,
          taskQueue: TASK_QUEUE,
          args: [{ v: 1, storeId: order.storeId, customerId: order.customer.id, searchAttributes }],
          signal: 'orderPlaced',
          signalArgs: [order],
        });
      }
      const gateway = temporalJourneyGateway(env.client, TASK_QUEUE, { searchAttributes: false });
      await env.sleep(3 * DAY_MS);
      const occurredAt = new Date(await env.currentTimeMs()).toISOString();
      for (const order of orders)
        await gateway.reportEvent({
          type: 'order.delivered',
          storeId: order.storeId,
          customerId: order.customer.id,
          orderId: order.orderId,
          occurredAt,
        });
      const handles = orders.map((o) => env.client.workflow.getHandle(customerWorkflowId(o.storeId, o.customer.id)));
      const horizon = start + 730 * DAY_MS;
      let states = await Promise.all(handles.map((h) => h.query(journeyState)));
      while (states.some((s) => s.runs.some((r) => r.status === 'active')) && (await env.currentTimeMs()) < horizon) {
        await env.sleep(30 * DAY_MS);
        states = await Promise.all(handles.map((h) => h.query(journeyState)));
      }
      const totals = countHistory([]);
      for (const h of handles) {
        const history = await h.fetchHistory();
        const c = countHistory(history.events ?? []);
        for (const k of Object.keys(totals) as (keyof HistoryCount)[]) totals[k] += c[k];
      }
      const sent = states.reduce(
        (n, s) => n + s.runs.flatMap((r) => r.messages).filter((m) => m.status === 'sent').length,
        0,
      );
      if (sent !== transport.mails.length)
        throw new Error(`state says ${sent} sent, transport recorded ${transport.mails.length}`);
      return {
        customers,
        sent,
        totals,
        simulatedDays: Math.round(((await env.currentTimeMs()) - start) / DAY_MS),
        seconds: (performance.now() - started) / 1000,
      };
    });
  } finally {
    await env.teardown();
    await deps.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const MODES = [
  { mode: true, label: 'search attributes full (NextMessageAt)' },
  { mode: 'lean', label: 'search attributes lean' },
  { mode: false, label: 'search attributes off' },
] as const;

function breakdown(r: CostResult): string {
  const t = r.totals;
  const per = (n: number) => fmt(n / r.customers);
  return (
    `${r.customers} customers, ${r.sent} emails over ${r.simulatedDays} simulated days in ${r.seconds.toFixed(1)} s; per customer ` +
    `${per(t.events)} history events, ${per(actions(t))} actions (start ${per(t.starts)}, signals ${per(t.signals)}, ` +
    `timers ${per(t.timers)}, activities ${per(t.activities)}, local activity tasks ${per(t.localActivities)}, retries ${per(t.retries)}, upserts ${per(t.upserts)}, ` +
    `updates ${per(t.updates)}, continue-as-new ${per(t.continueAsNew)})`
  );
}

/** The default journey run to completion in each search-attribute mode; every figure read from the real histories. */
export async function temporalCost(customers = 5): Promise<{ rows: BenchRow[]; detail: string }> {
  const rows: BenchRow[] = [];
  const details: string[] = [];
  let full: CostResult | undefined;
  for (const { mode, label } of MODES) {
    const r = await runJourneys(customers, mode);
    full ??= r;
    const perEmail = actions(r.totals) / r.sent;
    rows.push({
      name: `Temporal actions per email, ${label}`,
      value: perEmail,
      unit: 'actions/email',
      baselineName: 'target',
      baseline: 3,
      ratio: perEmail / 3,
      note: `ratio = measured / target (lower is better); ${fmt(r.totals.upserts / r.sent)} upserts/email; queries not counted (not in history)`,
    });
    details.push(`${label}: ${breakdown(r)}`);
  }
  const events = full!.totals.events / full!.sent;
  const fullPerEmail = actions(full!.totals) / full!.sent;
  rows.push({
    name: 'history events per email sent',
    value: events,
    unit: 'events/email',
    baselineName: 'actions/email (full, same run)',
    baseline: fullPerEmail,
    ratio: events / fullPerEmail,
    note: 'history events are not billed; shown for history-size budgeting',
  });
  return { rows, detail: details.join('\n  - ') };
}
