import { type Kysely, sql } from 'kysely';
import type { Database } from '../../storage/schema';
import { type Difference, meanDifference, MIN_GROUP_SIZE, type Moments, proportionDifference } from '../statistics';

const DAY = 86_400_000;
/** Repeat purchase is measured within these many days of entering the journey. */
const REPEAT_HORIZONS = [30, 60, 90] as const;
/** Revenue per customer counts the orders within this many days of entering (the entering order excluded). */
const REVENUE_DAYS = 90;

/** One comparison between treated and held-out customers old enough to be measured. */
export interface Comparison {
  treated: { customers: number; value: number };
  heldOut: { customers: number; value: number };
  /** Treated minus held out, with its 95% interval; absent below the minimum sample ("not enough data yet"). */
  difference?: Difference;
  enoughData: boolean;
}

export interface HoldoutComparison {
  /** Customers who entered the journey, by group (first entry counts). */
  treatedCustomers: number;
  heldOutCustomers: number;
  /** Share of customers with another order within 30/60/90 days (two-proportion interval). */
  repeatRate: Record<`${(typeof REPEAT_HORIZONS)[number]}d`, Comparison>;
  /** Net revenue per customer within 90 days after entering (Welch interval). */
  revenuePerCustomer: Comparison;
  minimumGroupSize: number;
}

interface CustomerOutcome {
  heldOut: boolean;
  enteredAt: number;
  nextOrderAt?: number;
  revenue: number;
}

/**
 * Treated against held-out customers of a journey: repeat purchase within 30/60/90 days and revenue per customer,
 * each with the difference and its 95% confidence interval. A customer counts for a horizon only once it has
 * passed (entered 20 days ago: not yet in the 30-day rate), so young customers do not dilute the rates.
 */
export async function holdoutComparison(
  db: Kysely<Database>,
  q: { storeId: string; journeyId: string; since: number; currency?: string; now: number },
): Promise<HoldoutComparison> {
  const entries = db
    .selectFrom('journey_entries')
    .select(['customer_id', (eb) => eb.fn.min('entered_ms').as('entered_ms'), (eb) => eb.fn.max('holdout').as('holdout')])
    .where('store_id', '=', q.storeId)
    .where('journey_id', '=', q.journeyId)
    .where('entered_ms', '>=', q.since)
    .groupBy('customer_id');
  const rows = await db
    .with('e', () => entries)
    .selectFrom('e')
    .leftJoin('fact_orders as o', (join) =>
      join
        .on('o.store_id', '=', q.storeId)
        .onRef('o.customer_id', '=', 'e.customer_id')
        .onRef('o.placed_ms', '>', 'e.entered_ms')
        .on('o.currency', '=', q.currency ?? ''),
    )
    .select([
      'e.holdout',
      'e.entered_ms',
      (eb) => eb.fn.min('o.placed_ms').as('next_order_ms'),
      (eb) => eb.fn.sum<number>(sql`case when o.placed_ms <= e.entered_ms + ${REVENUE_DAYS * DAY} then o.total - o.refunded else 0 end`).as('revenue'),
    ])
    .groupBy(['e.customer_id', 'e.holdout', 'e.entered_ms'])
    .execute();
  const customers: CustomerOutcome[] = rows.map((r) => ({
    heldOut: Number(r.holdout) === 1,
    enteredAt: Number(r.entered_ms),
    ...(r.next_order_ms !== null && { nextOrderAt: Number(r.next_order_ms) }),
    revenue: Number(r.revenue ?? 0),
  }));
  return compareGroups(customers, q.now);
}

/** The comparison from each customer's outcome (pure: tested with tables of customers). */
function compareGroups(customers: CustomerOutcome[], now: number): HoldoutComparison {
  const grown = (days: number) => customers.filter((c) => c.enteredAt + days * DAY <= now);
  const repeatRate = Object.fromEntries(
    REPEAT_HORIZONS.map((days) => {
      const measured = grown(days);
      const repeated = (c: CustomerOutcome) => c.nextOrderAt !== undefined && c.nextOrderAt <= c.enteredAt + days * DAY;
      const [t, h] = [measured.filter((c) => !c.heldOut), measured.filter((c) => c.heldOut)];
      const [xt, xh] = [t.filter(repeated).length, h.filter(repeated).length];
      return [`${days}d`, comparison(t.length, xt / (t.length || 1), h.length, xh / (h.length || 1), () => proportionDifference(xt, t.length, xh, h.length))];
    }),
  ) as HoldoutComparison['repeatRate'];
  const measured = grown(REVENUE_DAYS);
  const moments = (group: CustomerOutcome[]): Moments => ({
    n: group.length,
    sum: group.reduce((s, c) => s + c.revenue, 0),
    sumSquares: group.reduce((s, c) => s + c.revenue ** 2, 0),
  });
  const [t, h] = [moments(measured.filter((c) => !c.heldOut)), moments(measured.filter((c) => c.heldOut))];
  return {
    treatedCustomers: customers.filter((c) => !c.heldOut).length,
    heldOutCustomers: customers.filter((c) => c.heldOut).length,
    repeatRate,
    revenuePerCustomer: comparison(t.n, t.n ? t.sum / t.n : 0, h.n, h.n ? h.sum / h.n : 0, () => meanDifference(t, h)),
    minimumGroupSize: MIN_GROUP_SIZE,
  };
}

function comparison(treated: number, treatedValue: number, heldOut: number, heldOutValue: number, difference: () => Difference | undefined): Comparison {
  const enoughData = treated >= MIN_GROUP_SIZE && heldOut >= MIN_GROUP_SIZE;
  const d = enoughData ? difference() : undefined;
  return { treated: { customers: treated, value: treatedValue }, heldOut: { customers: heldOut, value: heldOutValue }, ...(d && { difference: d }), enoughData };
}
