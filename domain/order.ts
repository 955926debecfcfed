import { z } from 'zod';
import { cleanText, CustomerId, identifier, OrderId, StoreId } from './ids';
import { PlaceAddress, placeCustomer } from './customerPlace';
import { IanaTimeZone } from './timeZone';

/** Money travels as a decimal string ("49.90") so no float rounding happens between the store and the email. */
export const DecimalString = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a decimal string such as "49.90"');

export const Customer = z.object({
  id: CustomerId,
  email: z.email(),
  firstName: cleanText(200).optional(),
  lastName: cleanText(200).optional(),
  /** BCP 47 tag from the store ("ja-JP", "en"); the journey picks the closest supported template locale. */
  locale: z.string().min(2).max(35).optional(),
  timezone: IanaTimeZone.optional(),
  /** Where `timezone` came from (set when the order is read): sent by the store, or inferred from the address. */
  timezoneSource: z.enum(['given', 'address']).optional(),
  acceptsMarketing: z.boolean().default(false),
});
export type Customer = z.infer<typeof Customer>;

export const LineItem = z.object({
  sku: identifier(200),
  title: cleanText(500).min(1),
  quantity: z.number().int().min(1).max(10_000),
  unitPrice: DecimalString,
  productTags: z.array(identifier(100)).max(50).optional(),
});
export type LineItem = z.infer<typeof LineItem>;

/**
 * An order as stores send it. Without a time zone for the customer, the shipping address (else the billing address)
 * gives one, and a language when there is none (domain/customerPlace.ts); the addresses are not kept beyond that.
 */
export const Order = z
  .object({
    storeId: StoreId.default('default'),
    orderId: OrderId,
    placedAt: z.iso.datetime({ offset: true }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"'),
    total: DecimalString,
    customer: Customer,
    lineItems: z.array(LineItem).min(1).max(500),
    shippingAddress: PlaceAddress.optional(),
    billingAddress: PlaceAddress.optional(),
  })
  .transform(({ shippingAddress, billingAddress, ...order }) => ({
    ...order,
    customer: placeCustomer(order.customer, shippingAddress ?? billingAddress),
  }));
/** An order as the API accepts it (storeId may be omitted). */
export type OrderInput = z.input<typeof Order>;
/**
 * An order after validation: defaults applied. This is what the workflow receives. `imported` marks history brought
 * in by `afterglow import orders` (rules/importedOrders.ts): only the importer sets it; the schema above has no
 * such field, so a store's request can never carry it.
 */
export type Order = z.infer<typeof Order> & { imported?: true };
