import { z } from 'zod';
import { CustomerId, OrderId, StoreId } from './ids';

/** What a store reports about an order after it was placed. */
export const JourneyEventType = z.enum(['order.delivered', 'order.refunded', 'order.cancelled', 'review.submitted']);
export type JourneyEventType = z.infer<typeof JourneyEventType>;

export const JourneyEvent = z.object({
  type: JourneyEventType,
  storeId: StoreId.default('default'),
  customerId: CustomerId,
  orderId: OrderId,
  occurredAt: z.iso.datetime({ offset: true }),
});
export type JourneyEventInput = z.input<typeof JourneyEvent>;
export type JourneyEvent = z.infer<typeof JourneyEvent>;
