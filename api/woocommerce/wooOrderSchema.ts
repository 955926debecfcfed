import { z } from 'zod';

/**
 * The fields of a WooCommerce REST API v3 order (the payload of the `order.created` and `order.updated` webhooks)
 * that Afterglow reads; everything else is ignored. WooCommerce sends "" for an empty text field and null for an
 * absent date. Formats (money, currency, email) are checked afterwards by the `Order` schema, so a bad value is
 * reported once, by our name.
 */

/**
 * The `*_gmt` dates are UTC without a designator ("2026-03-02T15:00:00"); the offset-free local `date_created`
 * is in the site's zone, which the payload does not name, so only the GMT ones are read, made explicit with "Z".
 */
const GmtDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'must be a WooCommerce GMT date such as "2026-03-02T15:00:00"')
  .transform((s) => `${s}Z`);

/** A line item's `price`: a number in WooCommerce (mapOrder.ts rounds it), a string from some plugins. */
const Price = z.union([z.number().nonnegative(), z.string()]);

export const WooLineItem = z.object({
  id: z.number().int(),
  name: z.string(),
  sku: z.string().nullish(),
  product_id: z.number().int().nullish(),
  variation_id: z.number().int().nullish(),
  quantity: z.number(),
  price: Price,
});

/** The parts of an address a time zone needs, and the billing email (only billing has one). */
const WooAddress = z.object({
  country: z.string().nullish(),
  state: z.string().nullish(),
  postcode: z.string().nullish(),
});
const WooBilling = WooAddress.extend({
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
});

export const WooOrder = z.object({
  id: z.number().int().positive(),
  /** Kept open: plugins add their own statuses ("shipped", "awaiting-shipment"); an unknown one must not fail. */
  status: z.string(),
  currency: z.string(),
  total: z.string(),
  date_created_gmt: GmtDate,
  date_modified_gmt: GmtDate.nullish(),
  date_completed_gmt: GmtDate.nullish(),
  /** 0 for a guest checkout. */
  customer_id: z.number().int().nonnegative(),
  billing: WooBilling,
  shipping: WooAddress.nullish(),
  line_items: z.array(WooLineItem),
});
export type WooOrder = z.infer<typeof WooOrder>;
