import type { RefundDetails } from '../domain/events';
import type { CustomerState, JourneyRun, OrderRecord, RefundRecord, SingleItem } from './journeyState';
import { messageStepOf } from './journeyState';
import { singleItems } from './messageItems';
import { orderSkus } from './planRun';
import { cancelMessage } from './transitions';

/**
 * Refunds that name what they give back (domain/events.ts RefundDetails). A refund ends only the messages about the
 * products it refunds in full; once every product of the order is refunded, or the refunds add up to the order's
 * total, it is a refund of the whole order and ends the order's messages as a refund without details always did.
 */

/** How much of each SKU the order had; undefined quantities when the order's lines are not known (no run kept it). */
function orderedQuantities(state: CustomerState, record: OrderRecord): Map<string, number | undefined> {
  const run = state.runs.find((r) => r.orderId === record.orderId);
  if (run) return new Map(orderSkus(run.order).map(({ sku, quantity }) => [sku, quantity]));
  return new Map((record.skus ?? []).map((sku) => [sku, undefined]));
}

/** Refunded quantity per SKU over all of the order's refunds; an item without a quantity gives back all of its SKU. */
function refundedQuantities(refunds: readonly RefundRecord[]): Map<string, number> {
  const refunded = new Map<string, number>();
  for (const refund of refunds)
    for (const item of refund.items)
      refunded.set(item.sku, (refunded.get(item.sku) ?? 0) + (item.quantity ?? Infinity));
  return refunded;
}

/** "49.90" as an integer of ten-thousandths (DecimalString has at most 4 decimals), exact where floats are not. */
function minorUnits(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
}

export type RefundOutcome =
  { kind: 'repeat' } | { kind: 'whole-order'; why: string } | { kind: 'partial'; refundedSkus: string[] };

/**
 * What a refund with details does to the order, given the refunds recorded before it: a repeat of one of them (same
 * refund id), the whole order now refunded, or a part of it (the SKUs refunded in full, possibly none).
 */
export function refundOutcome(
  state: CustomerState,
  record: OrderRecord,
  refund: RefundDetails,
  occurredAt: string,
): { outcome: RefundOutcome; refunds: RefundRecord[] } {
  const earlier = record.refunds ?? [];
  if (earlier.some((r) => r.refundId === refund.refundId)) return { outcome: { kind: 'repeat' }, refunds: earlier };
  const refunds = [
    ...earlier,
    {
      refundId: refund.refundId,
      at: occurredAt,
      ...(refund.amount && { amount: refund.amount }),
      ...(refund.currency && { currency: refund.currency }),
      items: refund.items ?? [],
    },
  ];

  const ordered = orderedQuantities(state, record);
  const refunded = refundedQuantities(refunds);
  const refundedSkus = [...ordered]
    .filter(([sku, quantity]) => (refunded.get(sku) ?? 0) >= (quantity ?? 1))
    .map(([sku]) => sku);
  if (ordered.size > 0 && refundedSkus.length === ordered.size)
    return { outcome: { kind: 'whole-order', why: 'every product of the order refunded' }, refunds };

  const sameCurrency = refunds.filter(
    (r) => r.amount !== undefined && (r.currency ?? record.currency) === record.currency,
  );
  const total = sameCurrency.reduce((sum, r) => sum + minorUnits(r.amount!), 0n);
  if (sameCurrency.length > 0 && total >= minorUnits(record.total))
    return {
      outcome: { kind: 'whole-order', why: `refunds reach the order total (${record.total} ${record.currency})` },
      refunds,
    };
  return { outcome: { kind: 'partial', refundedSkus }, refunds };
}

/** The message's items that are not refunded; the message as it was when none of its items are. */
function remainingItems(items: SingleItem[], refunded: ReadonlySet<string>): SingleItem[] {
  return items.filter((item) => !refunded.has(item.sku));
}

/**
 * Ends the pending messages of a run that are about refunded SKUs only, in steps that end on a refund; a combined
 * message about refunded and kept products goes on about the kept ones. Messages about the whole order go on.
 * Returns the keys of the messages ended.
 */
export function endRefundedItems(
  run: JourneyRun,
  refundedSkus: readonly string[],
  at: number,
  reason: string,
): string[] {
  if (run.status !== 'active' || refundedSkus.length === 0) return [];
  const refunded = new Set(refundedSkus);
  const ended: string[] = [];
  for (const message of run.messages) {
    if (message.status !== 'pending') continue;
    const step = messageStepOf(run, message.stepIndex);
    if (!run.exitOn.includes('order.refunded') && !step.exitOn.includes('order.refunded')) continue;
    const items = singleItems(message.item);
    if (items.length === 0) continue;
    const kept = remainingItems(items, refunded);
    if (kept.length === items.length) continue;
    if (kept.length === 0) {
      cancelMessage(message, new Date(at).toISOString(), reason);
      ended.push(message.key);
    } else {
      message.item = kept.length === 1 ? kept[0] : { kind: 'combined', items: kept };
    }
  }
  return ended;
}

/** "refund R-1 of 12.00 USD" (ids and amounts only). */
export function describeRefund(refund: RefundDetails, orderCurrency: string): string {
  return `refund ${refund.refundId}${refund.amount ? ` of ${refund.amount} ${refund.currency ?? orderCurrency}` : ''}`;
}
