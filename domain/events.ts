import { z } from 'zod';
import { CustomerId, identifier, OrderId, StoreId } from './ids';
import { DecimalString } from './order';

/** What a store reports about an order after it was placed. */
export const JourneyEventType = z.enum(['order.delivered', 'order.refunded', 'order.cancelled', 'review.submitted']);
export type JourneyEventType = z.infer<typeof JourneyEventType>;

/** A product given back in a refund: its SKU and how many (absent: all of that SKU the order had). */
export const RefundedItem = z.object({
  sku: identifier(200),
  quantity: z.number().int().min(1).max(10_000).optional(),
});
export type RefundedItem = z.infer<typeof RefundedItem>;

/**
 * One refund of an order, when the store knows which: `refundId` tells a second refund from a repeat of the first,
 * `amount` (in `currency`, else the order's) is what the reports take off the order's revenue, `items` the products
 * given back. An `order.refunded` event without it is a refund of the whole order, as it always was.
 */
export const RefundDetails = z.object({
  refundId: identifier(200),
  amount: DecimalString.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
    .optional(),
  items: z.array(RefundedItem).max(500).optional(),
});
export type RefundDetails = z.infer<typeof RefundDetails>;

export const JourneyEvent = z
  .object({
    type: JourneyEventType,
    storeId: StoreId.default('default'),
    customerId: CustomerId,
    orderId: OrderId,
    occurredAt: z.iso.datetime({ offset: true }),
    /** order.refunded only: which refund, for how much, of which products (rules/refunds.ts). */
    refund: RefundDetails.optional(),
  })
  .refine((e) => e.refund === undefined || e.type === 'order.refunded', {
    path: ['refund'],
    message: 'only an order.refunded event has refund details',
  });
export type JourneyEventInput = z.input<typeof JourneyEvent>;
export type JourneyEvent = z.infer<typeof JourneyEvent>;
