import { z } from 'zod';

/** A customer's explicit marketing choice, from the store, the unsubscribe link, the preference page or support. */
export const ConsentChange = z
  .object({
    storeId: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/).default('default'),
    customerId: z.string().min(1).max(200),
    marketing: z.enum(['subscribed', 'unsubscribed', 'paused']),
    /** End of a pause; required with "paused". */
    until: z.iso.datetime({ offset: true }).optional(),
    occurredAt: z.iso.datetime({ offset: true }),
    source: z.enum(['store', 'one-click', 'preference-page', 'support']),
  })
  .refine((c) => c.marketing !== 'paused' || c.until !== undefined, { path: ['until'], message: 'a pause needs its end' });
export type ConsentChange = z.infer<typeof ConsentChange>;
