import { z } from 'zod';

/** What a store reports about an order after it was placed. */
export const JourneyEventType = z.enum(['order.delivered', 'order.refunded', 'order.cancelled', 'review.submitted']);
export type JourneyEventType = z.infer<typeof JourneyEventType>;

export const JourneyEvent = z.object({
  type: JourneyEventType,
  storeId: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/).default('default'),
  customerId: z.string().min(1).max(200),
  orderId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type JourneyEventInput = z.input<typeof JourneyEvent>;
export type JourneyEvent = z.infer<typeof JourneyEvent>;
