import { z } from 'zod';
import { IanaTimeZone } from './timeZone';

/** Money travels as a decimal string ("49.90") so no float rounding happens between the store and the email. */
export const DecimalString = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a decimal string such as "49.90"');

export const Customer = z.object({
  id: z.string().min(1).max(200),
  email: z.email(),
  firstName: z.string().max(200).optional(),
  lastName: z.string().max(200).optional(),
  /** BCP 47 tag from the store ("ja-JP", "en"); the journey picks the closest supported template locale. */
  locale: z.string().min(2).max(35).optional(),
  timezone: IanaTimeZone.optional(),
  acceptsMarketing: z.boolean().default(false),
});
export type Customer = z.infer<typeof Customer>;

export const LineItem = z.object({
  sku: z.string().min(1).max(200),
  title: z.string().min(1).max(500),
  quantity: z.number().int().min(1).max(10_000),
  unitPrice: DecimalString,
  productTags: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type LineItem = z.infer<typeof LineItem>;

export const Order = z.object({
  storeId: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('default'),
  orderId: z.string().min(1).max(200),
  placedAt: z.iso.datetime({ offset: true }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"'),
  total: DecimalString,
  customer: Customer,
  lineItems: z.array(LineItem).min(1).max(500),
});
/** An order as the API accepts it (storeId may be omitted). */
export type OrderInput = z.input<typeof Order>;
/** An order after validation: defaults applied. This is what the workflow receives. */
export type Order = z.infer<typeof Order>;
