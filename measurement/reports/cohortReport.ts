import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema';
import { median, MIN_GROUP_SIZE } from '../statistics';
import { reportCurrency } from './currency';

const DAY = 86_400_000;
/** Second-order shares are given at these ages of the cohort. */
export const SECOND_ORDER_DAYS = [30, 60, 90, 180] as const;
/** Points of the LTV curve: cumulative net revenue per customer this many days after the first order. */
export const LTV_DAYS = [0, 30, 60, 90, 180, 365] as const;

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

interface Customer {
  orders: { at: number; net: number }[];
}

/**
 * Customers by the month of their first order: how many came back and when, and what each is worth over time.
 * One indexed scan of the store's orders; the per-customer arithmetic runs here.
 */
export async function cohortReport(db: Kysely<Database>, query: CohortQuery): Promise<CohortReport> {
  const now = query.now ?? Date.now();
  const currency = await reportCurrency(db, query.storeId, query.currency);
  let select = db
    .selectFrom('fact_orders as o')
    .select(['o.customer_id', 'o.placed_ms', 'o.total', 'o.refunded'])
    .where('o.store_id', '=', query.storeId)
    .where('o.currency', '=', currency ?? '');
  if (query.journeyId)
    select = select.where('o.customer_id', 'in', (eb) =>
      eb.selectFrom('journey_entries').select('customer_id').where('store_id', '=', query.storeId).where('journey_id', '=', query.journeyId!),
    );
  const rows = await select.orderBy('o.placed_ms').execute();
  const customers = new Map<string, Customer>();
  for (const row of rows) {
    const customer = customers.get(row.customer_id) ?? { orders: [] };
    customer.orders.push({ at: Number(row.placed_ms), net: Number(row.total) - Number(row.refunded) });
    customers.set(row.customer_id, customer);
  }
  return {
    storeId: query.storeId,
    journeyId: query.journeyId ?? null,
    currency: currency ?? null,
    generatedAt: new Date(now).toISOString(),
    cohorts: cohortsOf([...customers.values()], now),
  };
}

/** Cohorts from customers' orders (each customer's orders in time order); pure, tested with tables. */
export function cohortsOf(customers: Customer[], now: number): Cohort[] {
  const byMonth = new Map<string, Customer[]>();
  for (const c of customers) {
    const month = new Date(c.orders[0].at).toISOString().slice(0, 7);
    const members = byMonth.get(month) ?? [];
    members.push(c);
    byMonth.set(month, members);
  }
  return [...byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, members]) => {
      // A point is given once enough of the cohort is that old: a handful of early customers would draw a wild curve.
      const oldEnough = (days: number) => {
        const old = members.filter((c) => c.orders[0].at + days * DAY <= now);
        return old.length >= Math.min(MIN_GROUP_SIZE, members.length) ? old : [];
      };
      const secondWithin = (c: Customer, days: number) => c.orders.length > 1 && c.orders[1].at - c.orders[0].at <= days * DAY;
      const share = (days: number) => {
        const measured = oldEnough(days);
        return measured.length ? measured.filter((c) => secondWithin(c, days)).length / measured.length : null;
      };
      const ltv = (days: number) => {
        const measured = oldEnough(days);
        if (!measured.length) return null;
        const revenue = measured.reduce((sum, c) => sum + c.orders.filter((o) => o.at - c.orders[0].at <= days * DAY).reduce((s, o) => s + o.net, 0), 0);
        return revenue / measured.length;
      };
      const gaps = members.filter((c) => c.orders.length > 1).map((c) => (c.orders[1].at - c.orders[0].at) / DAY);
      return {
        month,
        customers: members.length,
        secondOrder: Object.fromEntries(SECOND_ORDER_DAYS.map((d) => [`${d}d`, share(d)])) as Cohort['secondOrder'],
        medianDaysToSecondOrder: median(gaps) ?? null,
        ltv: Object.fromEntries(LTV_DAYS.map((d) => [`${d}d`, ltv(d)])) as Cohort['ltv'],
      };
    });
}
