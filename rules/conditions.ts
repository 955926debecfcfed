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
}

/** Orders that still count towards loyalty: refunded and cancelled ones do not. */
function keptOrders(state: CustomerState) {
  return state.orders.filter((o) => !o.refundedAt && !o.cancelledAt);
}

export function customerIsVip(state: CustomerState, vip: { minOrders: number; minLifetimeSpend?: number }): boolean {
  const kept = keptOrders(state);
  const spend = kept.reduce((sum, o) => sum + Number(o.total), 0);
  return kept.length >= vip.minOrders || (vip.minLifetimeSpend !== undefined && spend >= vip.minLifetimeSpend);
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
    orderCount: keptOrders(state).length,
    lifetimeSpend: keptOrders(state).reduce((sum, o) => sum + Number(o.total), 0),
    itemQuantity: orderSkus(run.order)
      .filter((s) => skus.includes(s.sku))
      .reduce((sum, s) => sum + s.quantity, 0),
    productTags: [...new Set([...lineTags, ...catalogTags])],
    skus,
  };
}

/** Evaluates a journey condition against facts: conditions are data, never code. */
export function evaluate(condition: Condition, facts: Facts): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, facts));
  if ('not' in condition) return !evaluate(condition.not, facts);
  if ('anyOf' in condition) {
    const have = condition.fact === 'productTag' ? facts.productTags : facts.skus;
    return condition.anyOf.some((v) => have.includes(v));
  }
  if ('is' in condition) return facts[condition.fact] === condition.is;
  const value = facts[condition.fact];
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
