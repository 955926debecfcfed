import type { Condition } from '../definitions/journeySchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { CustomerState, JourneyRun, MessageItem } from './journeyState';
import { daysOwned, daysSinceAsked, daysSinceBought, keptOrders, leastKnown } from './customerHistory';
import { itemSkus } from './messageItems';
import { orderSkus } from './planRun';

/** Everything a journey condition can ask about, computed for one message of one run. */
export interface Facts {
  firstOrder: boolean;
  repurchasedSince: boolean;
  reviewed: boolean;
  delivered: boolean;
  vip: boolean;
  acceptsMarketing: boolean;
  orderTotal: number;
  orderCount: number;
  lifetimeSpend: number;
  itemQuantity: number;
  productTags: string[];
  skus: string[];
  /** The customer's latest rating (1-5) of these products (or of the order), if they gave one. */
  rating?: number;
  /** What they answered about this order's win-back question. */
  answer: string[];
  /** Days from the previous purchase of the product to this order; absent on its first purchase. */
  daysSinceBought?: number;
  /** Days since the customer first bought the product. */
  daysOwned?: number;
  /** Days since a message asked the customer for feedback about the product; absent when none did. */
  daysSinceFeedbackAsked?: number;
}

export interface LoyaltyTotals {
  orderCount: number;
  /** Every kept order's total, whatever its currency. */
  lifetimeSpend: number;
  /** The same, per currency (ISO 4217 code). */
  spendByCurrency: Record<string, number>;
}

/** Orders and spend that count towards loyalty (refunded and cancelled orders do not). */
export function loyaltyTotals(state: CustomerState): LoyaltyTotals {
  const kept = keptOrders(state);
  const spendByCurrency: Record<string, number> = {};
  for (const o of kept) spendByCurrency[o.currency] = (spendByCurrency[o.currency] ?? 0) + Number(o.total);
  return { orderCount: kept.length, lifetimeSpend: kept.reduce((sum, o) => sum + Number(o.total), 0), spendByCurrency };
}

type VipThresholds = StoreSettings['vip'];

/**
 * Whether these totals meet the store's VIP thresholds: the order count, or the lifetime spend, whichever comes
 * first. A spend threshold per currency ({ USD: 300, JPY: 45000 }) compares like with like; a bare number compares
 * the sum of all currencies (a store that sells in one).
 */
export function meetsVip(totals: LoyaltyTotals, vip: VipThresholds): boolean {
  if (totals.orderCount >= vip.minOrders) return true;
  const min = vip.minLifetimeSpend;
  if (min === undefined) return false;
  if (typeof min === 'number') return totals.lifetimeSpend >= min;
  return Object.entries(min).some(([currency, amount]) => (totals.spendByCurrency[currency] ?? 0) >= amount);
}

function customerIsVip(state: CustomerState, vip: VipThresholds): boolean {
  return meetsVip(loyaltyTotals(state), vip);
}

/**
 * The facts for one message at `now`. About several products (the whole order, a combined message), the history
 * facts follow the least known product: an order with one new product counts as new (rules/customerHistory.ts).
 */
export function factsFor(state: CustomerState, run: JourneyRun, item: MessageItem, now: number): Facts {
  const record = state.orders.find((o) => o.orderId === run.orderId);
  const placedAt = Date.parse(run.order.placedAt);
  const skus = itemSkus(item) ?? orderSkus(run.order).map((s) => s.sku);
  const lineTags = run.order.lineItems.filter((l) => skus.includes(l.sku)).flatMap((l) => l.productTags ?? []);
  const catalogTags = skus.flatMap((sku) => run.products[sku]?.tags ?? []);
  return {
    firstOrder: !state.orders.some((o) => Date.parse(o.placedAt) < placedAt),
    repurchasedSince: state.orders.some((o) => Date.parse(o.placedAt) > placedAt && !o.cancelledAt),
    reviewed: !!record?.reviewedAt,
    delivered: !!record?.deliveredAt,
    vip: customerIsVip(state, run.store.vip),
    acceptsMarketing: state.contact.acceptsMarketing,
    orderTotal: Number(run.order.total),
    orderCount: loyaltyTotals(state).orderCount,
    lifetimeSpend: loyaltyTotals(state).lifetimeSpend,
    itemQuantity: orderSkus(run.order)
      .filter((s) => skus.includes(s.sku))
      .reduce((sum, s) => sum + s.quantity, 0),
    productTags: [...new Set([...lineTags, ...catalogTags])],
    skus,
    ...answerFacts(state, run.orderId, skus),
    ...defined({
      daysSinceBought: leastKnown(skus.map((sku) => daysSinceBought(state, run, sku))),
      // The newest product decides how long the customer has owned "it".
      daysOwned: skus.length ? Math.min(...skus.map((sku) => daysOwned(state, sku, now) ?? 0)) : undefined,
      daysSinceFeedbackAsked: leastKnown(skus.map((sku) => daysSinceAsked(state, 'feedback', sku, now))),
    }),
  };
}

/** The rating and answers an order's answers give for `skus` (answers without a product count for all). */
function answerFacts(state: CustomerState, orderId: string, skus: string[]): Pick<Facts, 'rating' | 'answer'> {
  const answers = (state.answers ?? []).filter((a) => a.orderId === orderId);
  const rating = answers.filter((a) => a.question === 'feedback' && (!a.sku || skus.includes(a.sku))).at(-1);
  return {
    ...(rating && { rating: Number(rating.choice) }),
    answer: answers.filter((a) => a.question === 'win-back').map((a) => a.choice),
  };
}

/** Leaves out the facts that are unknown, so a condition on them holds neither way. */
function defined<T extends Record<string, number | undefined>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Evaluates a journey condition against facts: conditions are data, never code. */
export function evaluate(condition: Condition, facts: Facts): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, facts));
  if ('not' in condition) return !evaluate(condition.not, facts);
  if ('anyOf' in condition) {
    const have = { productTag: facts.productTags, sku: facts.skus, answer: facts.answer }[condition.fact];
    return condition.anyOf.some((v) => have.includes(v));
  }
  if ('is' in condition) return facts[condition.fact] === condition.is;
  const value = facts[condition.fact];
  // An unknown number (no rating given) satisfies no bound.
  if (value === undefined) return false;
  return (
    (condition.gte === undefined || value >= condition.gte) && (condition.lt === undefined || value < condition.lt)
  );
}

/** A short human reason for a condition that did not hold, for the journey log. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('anyOf' in condition) return `${condition.fact} in [${condition.anyOf.join(', ')}]`;
  if ('is' in condition) return `${condition.fact} is ${condition.is}`;
  const bounds = [
    condition.gte !== undefined && `>= ${condition.gte}`,
    condition.lt !== undefined && `< ${condition.lt}`,
  ];
  return `${condition.fact} ${bounds.filter(Boolean).join(' and ')}`;
}
