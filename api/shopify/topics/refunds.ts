import { z } from 'zod';
import type { RefundDetails, RefundedItem } from '../../../domain/events';
import { parseOrThrow } from '../../errors';
import { exactId, lineItemSku } from '../mapOrder';
import { exactIdCheck, idFields, ShopifyIdValue } from '../shopifyOrderSchema';
import { eventTime, type ShopifyTopic } from '../topicPlan';

/** Money as Shopify sends it ("209.00"; a few payloads carry a number), at most 4 decimals. */
const Amount = z.coerce.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be an amount such as "209.00"');

/** refunds/create (REST Refund): the fields read. */
const ShopifyRefund = z
  .object({
    ...idFields,
    order_id: ShopifyIdValue,
    created_at: z.string().nullish(),
    processed_at: z.string().nullish(),
    refund_line_items: z
      .array(
        z.object({
          quantity: z.number().int().nonnegative(),
          /** The order's line as it was: its SKU or variant name the product the way the order did. */
          line_item: z
            .object({ ...idFields, sku: z.string().nullish(), variant_id: ShopifyIdValue.nullish() })
            .refine(exactIdCheck.check, exactIdCheck.params)
            .nullish(),
        }),
      )
      .nullish(),
    /** The money that moved; a refund states no total of its own. */
    transactions: z
      .array(
        z.object({
          kind: z.string().nullish(),
          status: z.string().nullish(),
          amount: Amount,
          currency: z.string().nullish(),
        }),
      )
      .nullish(),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);
type ShopifyRefund = z.infer<typeof ShopifyRefund>;

const units = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
};
/** Ten-thousandths back to a decimal string: "1000", "12.50", "0.125". */
const decimal = (total: bigint) => {
  const fraction = String(total % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${total / 10_000n}${fraction ? `.${fraction.padEnd(2, '0')}` : ''}`;
};

/**
 * What was paid back: the refund's successful refund transactions (a failed or pending one moved nothing). Left
 * out when there is none, or when they are in several currencies (no sum makes sense).
 */
function refundedMoney(refund: ShopifyRefund): Pick<RefundDetails, 'amount' | 'currency'> {
  const paid = (refund.transactions ?? []).filter(
    (t) => (t.kind ?? 'refund') === 'refund' && (t.status ?? 'success') === 'success',
  );
  const currencies = new Set(paid.map((t) => t.currency ?? undefined));
  if (paid.length === 0 || currencies.size > 1) return {};
  const [currency] = currencies;
  return { amount: decimal(paid.reduce((sum, t) => sum + units(t.amount), 0n)), ...(currency && { currency }) };
}

/** The products given back, by the SKU the order gave them (lines without their line item cannot be named). */
function refundedItems(refund: ShopifyRefund): RefundedItem[] {
  const bySku = new Map<string, number>();
  for (const line of refund.refund_line_items ?? [])
    if (line.line_item && line.quantity > 0)
      bySku.set(lineItemSku(line.line_item), (bySku.get(lineItemSku(line.line_item)) ?? 0) + line.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * refunds/create: the refund with its amount and products. The journey ends the messages of the products refunded
 * in full, or the whole order's once all of it is refunded (rules/refunds.ts); the reports take the amount off the
 * order's revenue. Each refund is a fact of its own, deduplicated by its id.
 */
export const refundsCreate: ShopifyTopic = (payload, { now, triggeredAt }) => {
  const refund = parseOrThrow(ShopifyRefund, payload);
  return {
    action: {
      kind: 'order-event',
      orderId: String(refund.order_id),
      type: 'order.refunded',
      occurredAt: eventTime([refund.processed_at, refund.created_at, triggeredAt], now),
      refund: { refundId: exactId(refund), ...refundedMoney(refund), items: refundedItems(refund) },
    },
  };
};
