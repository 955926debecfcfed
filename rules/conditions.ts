import type { Condition } from '../definitions/journeySchema';
import type { CustomerState, JourneyRun, MessageItem } from './journeyState';
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
}

/** Orders that still count towards loyalty: refunded and cancelled ones do not. */
function keptOrders(state: CustomerState) {
  return state.orders.filter((o) => !o.refundedAt && !o.cancelledAt);
}

/** Orders and spend that count towards loyalty (refunded and cancelled orders do not). */
export function loyaltyTotals(state: CustomerState): { orderCount: number; lifetimeSpend: number } {
  const kept = keptOrders(state);
  return { orderCount: kept.length, lifetimeSpend: kept.reduce((sum, o) => sum + Number(o.total), 0) };
}

/** Whether these totals meet the store's VIP thresholds (orders or lifetime spend, whichever comes first). */
export function meetsVip(totals: { orderCount: number; lifetimeSpend: number }, vip: { minOrders: number; minLifetimeSpend?: number }): boolean {
  return totals.orderCount >= vip.minOrders || (vip.minLifetimeSpend !== undefined && totals.lifetimeSpend >= vip.minLifetimeSpend);
}

export function customerIsVip(state: CustomerState, vip: { minOrders: number; minLifetimeSpend?: number }): boolean {
  return meetsVip(loyaltyTotals(state), vip);
}

export function factsFor(state: CustomerState, run: JourneyRun, item: MessageItem): Facts {
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
    ...loyaltyTotals(state),
    itemQuantity: orderSkus(run.order)
      .filter((s) => skus.includes(s.sku))
      .reduce((sum, s) => sum + s.quantity, 0),
    productTags: [...new Set([...lineTags, ...catalogTags])],
    skus,
    ...answerFacts(state, run.orderId, skus),
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
  return (condition.gte === undefined || value >= condition.gte) && (condition.lt === undefined || value < condition.lt);
}

/** A short human reason for a condition that did not hold, for the journey log. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('anyOf' in condition) return `${condition.fact} in [${condition.anyOf.join(', ')}]`;
  if ('is' in condition) return `${condition.fact} is ${condition.is}`;
  const bounds = [condition.gte !== undefined && `>= ${condition.gte}`, condition.lt !== undefined && `< ${condition.lt}`];
  return `${condition.fact} ${bounds.filter(Boolean).join(' and ')}`;
}
