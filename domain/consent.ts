import { z } from 'zod';
import { CustomerId, StoreId } from './ids';

const Choice = z.object({
  storeId: StoreId.default('default'),
  customerId: CustomerId,
  marketing: z.enum(['subscribed', 'unsubscribed', 'paused']),
  /** End of a pause; required with "paused". */
  until: z.iso.datetime({ offset: true }).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** How a subscription was confirmed, when the store knows (Shopify's opt_in_level): kept as evidence, decides nothing. */
  optInLevel: z.enum(['single', 'confirmed', 'unknown']).optional(),
});
const pauseHasEnd = (c: { marketing: string; until?: string }) => c.marketing !== 'paused' || c.until !== undefined;
const pauseNeedsEnd = { path: ['until'], message: 'a pause needs its end' };

/** A customer's explicit marketing choice, from the store, the unsubscribe link, the preference page or support. */
export const ConsentChange = Choice.extend({
  source: z.enum(['store', 'one-click', 'preference-page', 'support']),
}).refine(pauseHasEnd, pauseNeedsEnd);
export type ConsentChange = z.infer<typeof ConsentChange>;

/** What a store reports on POST /v1/consent: the source is always the store. */
export const StoreConsentChange = Choice.refine(pauseHasEnd, pauseNeedsEnd);
