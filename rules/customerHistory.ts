import type { Question } from '../domain/answers';
import type { CustomerState, JourneyRun, OrderRecord } from './journeyState';
import { orderSkus } from './planRun';

const DAY_MS = 86_400_000;

/** Orders that still count as bought: refunded and cancelled ones do not. */
export function keptOrders(state: CustomerState): OrderRecord[] {
  return state.orders.filter((o) => !o.refundedAt && !o.cancelledAt);
}

/** The SKUs of an order: recorded with it, or (orders recorded before SKUs were) from one of its runs. */
function skusOf(state: CustomerState, record: OrderRecord): string[] {
  if (record.skus) return record.skus;
  const run = state.runs.find((r) => r.orderId === record.orderId);
  return run ? orderSkus(run.order).map((s) => s.sku) : [];
}

/** When the customer bought `sku` (kept orders), oldest first. */
function purchasesOf(state: CustomerState, sku: string): number[] {
  return keptOrders(state)
    .filter((o) => skusOf(state, o).includes(sku))
    .map((o) => Date.parse(o.placedAt))
    .sort((a, b) => a - b);
}

/** Every SKU in the customer's kept orders. */
export function ownedSkus(state: CustomerState): string[] {
  return [...new Set(keptOrders(state).flatMap((o) => skusOf(state, o)))];
}

/** When the customer first bought `sku`, or undefined when no kept order holds it. */
function ownedSince(state: CustomerState, sku: string): number | undefined {
  return purchasesOf(state, sku)[0];
}

/** Days from the customer's previous purchase of `sku` to this run's order; undefined when this is the first. */
export function daysSinceBought(state: CustomerState, run: JourneyRun, sku: string): number | undefined {
  const placedAt = Date.parse(run.order.placedAt);
  const before = purchasesOf(state, sku).filter((t) => t < placedAt);
  return before.length ? (placedAt - before[before.length - 1]) / DAY_MS : undefined;
}

/** Days since the customer first bought `sku`, at `now`; undefined when no kept order holds it. */
export function daysOwned(state: CustomerState, sku: string, now: number): number | undefined {
  const since = ownedSince(state, sku);
  return since === undefined ? undefined : (now - since) / DAY_MS;
}

/** Days since a message that asked `question` about `sku` was sent, at `now`; undefined when none was. */
export function daysSinceAsked(state: CustomerState, question: Question, sku: string, now: number): number | undefined {
  const at = state.asked?.[question]?.[sku];
  return at === undefined ? undefined : (now - Date.parse(at)) / DAY_MS;
}

/** Remembers that a message asking `question` about `skus` went out (kept across continue-as-new, unlike old runs). */
export function recordAsked(state: CustomerState, question: Question, skus: string[], at: string): void {
  const asked = (state.asked ??= {});
  const bySku = (asked[question] ??= {});
  for (const sku of skus) bySku[sku] = at;
}

/**
 * One number for several products (a message about the whole order): the least known product decides, so an order
 * with one new product counts as new. Undefined (never bought, never asked) wins; else the largest value.
 */
export function leastKnown(values: (number | undefined)[]): number | undefined {
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  return Math.max(...(values as number[]));
}

/** What the send activity tells templates about the relationship: since when, how many orders, since when each product. */
export interface CustomerHistory {
  firstOrderAt: string;
  orderCount: number;
  /** First purchase of each of the order's SKUs (kept orders). */
  ownedSince: Record<string, string>;
}

export function customerHistory(state: CustomerState, run: JourneyRun): CustomerHistory {
  const kept = keptOrders(state);
  const first = kept.map((o) => Date.parse(o.placedAt)).sort((a, b) => a - b)[0] ?? Date.parse(run.order.placedAt);
  const ownedSinceBySku: Record<string, string> = {};
  for (const { sku } of orderSkus(run.order)) {
    const since = ownedSince(state, sku);
    if (since !== undefined) ownedSinceBySku[sku] = new Date(since).toISOString();
  }
  return { firstOrderAt: new Date(first).toISOString(), orderCount: kept.length, ownedSince: ownedSinceBySku };
}
