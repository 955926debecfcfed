import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../../storage/schema';
import { median, MIN_GROUP_SIZE } from '../statistics';
import { reportCurrency } from './currency';

const DAY = 86_400_000;
/** Second-order shares are given at these ages of the cohort. */
const SECOND_ORDER_DAYS = [30, 60, 90, 180] as const;
/** Points of the LTV curve: cumulative net revenue per customer this many days after the first order. */
const LTV_DAYS = [0, 30, 60, 90, 180, 365] as const;

export interface CohortQuery {
  storeId: string;
  /** Only customers who entered this journey. */
  journeyId?: string;
  currency?: string;
  now?: number;
}

export interface Cohort {
  /** Month of the first order, "2026-05" (UTC). */
  month: string;
  customers: number;
  /**
   * Share with a second order within N days, among customers whose first order is at least N days old; null until
   * 30 of them (or the whole cohort, if smaller) are.
   */
  secondOrder: Record<`${(typeof SECOND_ORDER_DAYS)[number]}d`, number | null>;
  medianDaysToSecondOrder: number | null;
  /** Cumulative net revenue per customer N days after the first order, among customers that old (null as above). */
  ltv: Record<`${(typeof LTV_DAYS)[number]}d`, number | null>;
}

export interface CohortReport {
  storeId: string;
  journeyId: string | null;
  currency: string | null;
  generatedAt: string;
  cohorts: Cohort[];
}

/** What SQL counts for one cohort (a month of first orders); `Cohort` is made from it by `cohortOf`. */
export interface CohortCounts {
  month: string;
  customers: number;
  /** By age in days: customers whose first order is at least that old. */
  old: Record<number, number>;
  /** By age: of those, customers whose second order came within that many days. */
  second: Record<number, number>;
  /** By age: of those old enough, their net revenue up to that many days after the first order. */
  revenue: Record<number, number>;
  /** Days from first to second order, of every customer with a second order. */
  gaps: number[];
}

const AGES = [...new Set<number>([...SECOND_ORDER_DAYS, ...LTV_DAYS])];

/**
 * Customers by the month of their first order: how many came back and when, and what each is worth over time.
 * Counted in SQL per customer and month (a window over the store's orders), so only a few rows per month travel.
 */
export async function cohortReport(db: Kysely<Database>, query: CohortQuery): Promise<CohortReport> {
  const now = query.now ?? Date.now();
  const currency = await reportCurrency(db, query.storeId, query.currency);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const month = postgres ? sql<string>`to_char(to_timestamp(first_ms / 1000.0) at time zone 'UTC', 'YYYY-MM')` : sql<string>`strftime('%Y-%m', first_ms / 1000, 'unixepoch')`;
  const inJourney = query.journeyId
    ? sql`and customer_id in (select customer_id from journey_entries where store_id = ${query.storeId} and journey_id = ${query.journeyId})`
    : sql``;
  const customers = sql`
    with o as (
      select customer_id, placed_ms, total - refunded as net,
        row_number() over (partition by customer_id order by placed_ms) as n,
        min(placed_ms) over (partition by customer_id) as first_ms
      from fact_orders where store_id = ${query.storeId} and currency = ${currency ?? ''} ${inJourney}
    )
    select customer_id, first_ms, min(case when n = 2 then placed_ms end) as second_ms,
      ${sql.join(AGES.map((d) => sql`sum(case when placed_ms - first_ms <= ${d * DAY} then net else 0 end) as ${sql.raw(`r${d}`)}`))}
    from o group by customer_id, first_ms`;
  const oldBy = (d: number) => sql`first_ms <= ${now - d * DAY}`;
  const { rows } = await sql<Record<string, string | number | null>>`
    with c as (${customers})
    select ${month} as month, count(*) as customers,
      ${sql.join(
        AGES.flatMap((d) => [
          sql`sum(case when ${oldBy(d)} then 1 else 0 end) as ${sql.raw(`old${d}`)}`,
          sql`sum(case when ${oldBy(d)} and second_ms - first_ms <= ${d * DAY} then 1 else 0 end) as ${sql.raw(`second${d}`)}`,
          sql`sum(case when ${oldBy(d)} then ${sql.raw(`r${d}`)} else 0 end) as ${sql.raw(`revenue${d}`)}`,
        ]),
      )}
    from c group by ${month} order by 1`.execute(db);
  const gaps = await sql<{ month: string; gap: number | string }>`
    with c as (${customers}) select ${month} as month, second_ms - first_ms as gap from c where second_ms is not null`.execute(db);
  const gapsByMonth = new Map<string, number[]>();
  for (const g of gaps.rows) {
    const month = gapsByMonth.get(g.month) ?? [];
    month.push(Number(g.gap) / DAY);
    gapsByMonth.set(g.month, month);
  }
  const counts = rows.map(
    (r): CohortCounts => ({
      month: String(r.month),
      customers: Number(r.customers),
      old: Object.fromEntries(AGES.map((d) => [d, Number(r[`old${d}`])])),
      second: Object.fromEntries(AGES.map((d) => [d, Number(r[`second${d}`])])),
      revenue: Object.fromEntries(AGES.map((d) => [d, Number(r[`revenue${d}`])])),
      gaps: gapsByMonth.get(String(r.month)) ?? [],
    }),
  );
  return {
    storeId: query.storeId,
    journeyId: query.journeyId ?? null,
    currency: currency ?? null,
    generatedAt: new Date(now).toISOString(),
    cohorts: counts.map(cohortOf),
  };
}

/**
 * A cohort's shares and LTV curve from its counts (pure: tested with tables). A point is given once 30 customers
 * (or the whole cohort, if smaller) are old enough: a handful of early customers would draw a wild curve.
 */
export function cohortOf(c: CohortCounts): Cohort {
  const measured = (d: number) => c.old[d] >= Math.min(MIN_GROUP_SIZE, c.customers) && c.old[d] > 0;
  return {
    month: c.month,
    customers: c.customers,
    secondOrder: Object.fromEntries(SECOND_ORDER_DAYS.map((d) => [`${d}d`, measured(d) ? c.second[d] / c.old[d] : null])) as Cohort['secondOrder'],
    medianDaysToSecondOrder: median(c.gaps) ?? null,
    ltv: Object.fromEntries(LTV_DAYS.map((d) => [`${d}d`, measured(d) ? c.revenue[d] / c.old[d] : null])) as Cohort['ltv'],
  };
}
