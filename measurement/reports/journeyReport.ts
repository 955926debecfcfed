import { type Kysely, sql } from 'kysely';
import type { Database } from '../../storage/schema';
import { reportCurrency } from './currency';
import { dayOf } from '../messageDays';
import { holdoutComparison, type HoldoutComparison } from './holdoutComparison';

export interface ReportQuery {
  storeId: string;
  journeyId: string;
  /** Only messages, clicks, orders and entries from the start of this instant's UTC day on (epoch ms). */
  since?: number;
  /** Revenue in this currency (default: the store's most frequent). */
  currency?: string;
  /** The report's "today" (tests pin it). */
  now?: number;
}

/** One step of one journey version: what became of its messages and what they earned. */
export interface StepFunnel {
  journeyVersion: string;
  stepId: string;
  category: string;
  sent: number;
  deferred: number;
  skipped: number;
  /** Skips by kind: holdout, consent, condition, frequency-cap, … (rules/decide.ts SkipKind). */
  skippedBy: Record<string, number>;
  failed: number;
  bounced: number;
  unsubscribed: number;
  complained: number;
  /** Opens from the optional pixel: shown for what they are worth, never used for credit (Apple Mail fetches every image). */
  opened: number;
  clicks: number;
  /** Clicks that looked like machines (scanners, prefetchers): shown, never credited. */
  machineClicks: number;
  attributedOrders: number;
  attributedRevenue: number;
  /** Attributed revenue per message sent. */
  revenuePerRecipient: number;
  /** The comparison view: orders credited to the last message received, clicked or not. */
  receivedOrders: number;
  receivedRevenue: number;
}

export interface JourneyReport {
  storeId: string;
  journeyId: string;
  currency: string | null;
  since: string | null;
  generatedAt: string;
  /** Per step, all versions together, in the order the steps first appear. */
  steps: Omit<StepFunnel, 'journeyVersion'>[];
  /** Per journey version and step. */
  versions: StepFunnel[];
  holdout: HoldoutComparison;
  /** Some of the store's facts are made up (`afterglow demo-data`). */
  demoData: boolean;
}

const n = (value: unknown) => Number(value ?? 0);
/** Clicks and orders whose message's 'sent' fact was not known when they were recorded. */
const UNKNOWN_VERSION = '(unknown)';
const stepKey = (version: string, step: string) => `${version}\u0000${step}`;

const emptyFunnel = (journeyVersion: string, stepId: string, category: string): StepFunnel => ({
  journeyVersion,
  stepId,
  category,
  sent: 0,
  deferred: 0,
  skipped: 0,
  skippedBy: {},
  failed: 0,
  bounced: 0,
  unsubscribed: 0,
  complained: 0,
  opened: 0,
  clicks: 0,
  machineClicks: 0,
  attributedOrders: 0,
  attributedRevenue: 0,
  revenuePerRecipient: 0,
  receivedOrders: 0,
  receivedRevenue: 0,
});

/**
 * The funnel of one journey per version and step (sent → clicked → ordered, with skips by reason), and the holdout
 * comparison that says whether the journey raises repeat purchase. Aggregated in SQL over indexed facts.
 */
export async function journeyReport(db: Kysely<Database>, query: ReportQuery): Promise<JourneyReport> {
  const { storeId, journeyId } = query;
  // Message outcomes are counted per UTC day: every part of the report starts at the same day boundary.
  const since = query.since ? dayOf(query.since) * 86_400_000 : 0;
  const now = query.now ?? Date.now();
  const currency = await reportCurrency(db, storeId, query.currency);
  const funnels = new Map<string, StepFunnel>();
  const funnel = (version: string, step: string, category = '') => {
    const key = stepKey(version, step);
    if (!funnels.has(key)) funnels.set(key, emptyFunnel(version, step, category));
    return funnels.get(key)!;
  };

  // Outcomes from their daily counts (measurement/messageDays.ts): a few rows per step and day, not one per message.
  const outcomes = await db
    .selectFrom('fact_message_days')
    .select(['journey_version', 'step_id', 'category', 'outcome', 'reason_kind', (eb) => eb.fn.sum<number>('messages').as('n')])
    .where('store_id', '=', storeId)
    .where('journey_id', '=', journeyId)
    .where('day', '>=', dayOf(since))
    .groupBy(['journey_version', 'step_id', 'category', 'outcome', 'reason_kind'])
    .orderBy(sql`min(first_ms)`)
    .execute();
  for (const row of outcomes) {
    const f = funnel(row.journey_version, row.step_id, row.category);
    f[row.outcome] += n(row.n);
    if (row.outcome === 'skipped') f.skippedBy[row.reason_kind || 'other'] = (f.skippedBy[row.reason_kind || 'other'] ?? 0) + n(row.n);
  }

  // Clicks and orders carry the journey version of their message (measurement/facts.ts), so no join is needed.
  const clicks = await db
    .selectFrom('fact_clicks')
    .select([
      'journey_version',
      'step_id',
      (eb) => eb.fn.sum<number>(eb.case().when('bot_reason', 'is', null).then(1).else(0).end()).as('human'),
      (eb) => eb.fn.sum<number>(eb.case().when('bot_reason', 'is not', null).then(1).else(0).end()).as('machine'),
    ])
    .where('store_id', '=', storeId)
    .where('journey_id', '=', journeyId)
    .where('clicked_ms', '>=', since)
    .groupBy(['journey_version', 'step_id'])
    .execute();
  for (const row of clicks) {
    const f = funnel(row.journey_version ?? UNKNOWN_VERSION, row.step_id);
    f.clicks += n(row.human);
    f.machineClicks += n(row.machine);
  }

  const credited = (view: 'click' | 'received') =>
    db
      .selectFrom('fact_orders')
      .select([
        `${view}_journey_version as journey_version`,
        `${view}_step_id as step_id`,
        (eb) => eb.fn.countAll().as('orders'),
        (eb) => eb.fn.sum<number>(sql`total - refunded`).as('revenue'),
      ])
      .where('store_id', '=', storeId)
      .where(`${view}_journey_id`, '=', journeyId)
      .where('currency', '=', currency ?? '')
      .where('placed_ms', '>=', since)
      .groupBy([`${view}_journey_version`, `${view}_step_id`])
      .execute();
  for (const row of await credited('click')) {
    const f = funnel(row.journey_version ?? UNKNOWN_VERSION, row.step_id!);
    f.attributedOrders += n(row.orders);
    f.attributedRevenue += n(row.revenue);
  }
  for (const row of await credited('received')) {
    const f = funnel(row.journey_version ?? UNKNOWN_VERSION, row.step_id!);
    f.receivedOrders += n(row.orders);
    f.receivedRevenue += n(row.revenue);
  }

  const versions = [...funnels.values()].map((f) => ({ ...f, revenuePerRecipient: f.sent ? f.attributedRevenue / f.sent : 0 }));
  return {
    storeId,
    journeyId,
    currency: currency ?? null,
    since: since ? new Date(since).toISOString() : null,
    generatedAt: new Date(now).toISOString(),
    steps: sumVersions(versions),
    versions,
    holdout: await holdoutComparison(db, { storeId, journeyId, since, currency, now }),
    demoData: !!(await db.selectFrom('journey_entries').select('store_id').where('store_id', '=', storeId).where('demo', '=', 1).limit(1).executeTakeFirst()),
  };
}

/** The per-version funnels added up per step. */
function sumVersions(versions: StepFunnel[]): Omit<StepFunnel, 'journeyVersion'>[] {
  const steps = new Map<string, Omit<StepFunnel, 'journeyVersion'>>();
  for (const { journeyVersion: _, ...f } of versions) {
    const total = steps.get(f.stepId);
    if (!total) {
      steps.set(f.stepId, { ...f, skippedBy: { ...f.skippedBy } });
      continue;
    }
    if (!total.category) total.category = f.category;
    for (const key of ['sent', 'deferred', 'skipped', 'failed', 'bounced', 'unsubscribed', 'complained', 'opened', 'clicks', 'machineClicks', 'attributedOrders', 'attributedRevenue', 'receivedOrders', 'receivedRevenue'] as const)
      total[key] += f[key];
    for (const [kind, count] of Object.entries(f.skippedBy)) total.skippedBy[kind] = (total.skippedBy[kind] ?? 0) + count;
  }
  return [...steps.values()].map((s) => ({ ...s, revenuePerRecipient: s.sent ? s.attributedRevenue / s.sent : 0 }));
}

/** The journeys a store has facts for (customers entered them), for the report's journey picker. */
export async function reportedJourneys(db: Kysely<Database>, storeId: string): Promise<string[]> {
  const rows = await db.selectFrom('journey_entries').select('journey_id').distinct().where('store_id', '=', storeId).orderBy('journey_id').execute();
  return rows.map((r) => r.journey_id);
}
