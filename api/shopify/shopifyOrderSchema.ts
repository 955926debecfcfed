import { z } from 'zod';

/**
 * The fields of Shopify's `orders/create` webhook (REST Order resource) that Afterglow reads; everything else
 * Shopify sends is ignored. Shopify sends `null` for absent values, hence `nullish`. Formats (dates, money,
 * currency, email) are checked afterwards by the `Order` schema, so a bad value is reported once, by our name.
 */

/**
 * Shopify ids can exceed 2^53, which JSON.parse silently rounds (the documented example order is
 * 820982911946154508). Bodies are read with parseExactJson (exactJson.ts), which gives such ids as decimal strings;
 * the exact id is also read from `admin_graphql_api_id` ("gid://shopify/Order/<id>") when sent. A bare number is
 * only trusted while it is still exact (a body parsed some other way).
 */
export const ShopifyIdValue = z.union([
  z.number().nonnegative().refine(Number.isInteger, 'must be an integer'),
  z.string().regex(/^\d+$/, 'must be a Shopify id (digits)'),
]);
/** The id fields every Shopify REST object has. */
export const idFields = {
  id: ShopifyIdValue,
  admin_graphql_api_id: z
    .string()
    .regex(/^gid:\/\/shopify\/\w+\/\d+$/, 'must be a Shopify global id such as "gid://shopify/Order/450789469"')
    .nullish(),
};
export const exactIdCheck = {
  check: (node: { id: number | string; admin_graphql_api_id?: string | null }) =>
    !!node.admin_graphql_api_id || typeof node.id === 'string' || Number.isSafeInteger(node.id),
  params: { path: ['id'], message: 'must be an exact integer (ids above 2^53 need admin_graphql_api_id)' },
};

export const ShopifyCustomer = z
  .object({
    ...idFields,
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    locale: z.string().nullish(),
    /** Current consent model. `state` is kept open ("subscribed", "pending", …): a new state must not fail orders. */
    email_marketing_consent: z
      .object({ state: z.string(), opt_in_level: z.string().nullish(), consent_updated_at: z.string().nullish() })
      .nullish(),
    /** Legacy consent flag, sent by older API versions. */
    accepts_marketing: z.boolean().nullish(),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);

export const ShopifyLineItem = z
  .object({
    ...idFields,
    sku: z.string().nullish(),
    title: z.string(),
    quantity: z.number(),
    price: z.string(),
    /** Only used to label SKU-less items. */
    variant_id: ShopifyIdValue.nullish(),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);

/** The parts of an address a time zone needs (Shopify sends street and name too; they are not read). */
export const ShopifyAddress = z.object({
  country_code: z.string().nullish(),
  province: z.string().nullish(),
  province_code: z.string().nullish(),
  zip: z.string().nullish(),
});

export const ShopifyOrder = z
  .object({
    ...idFields,
    created_at: z.string(),
    currency: z.string(),
    total_price: z.string(),
    email: z.string().nullish(),
    contact_email: z.string().nullish(),
    customer_locale: z.string().nullish(),
    buyer_accepts_marketing: z.boolean().nullish(),
    customer: ShopifyCustomer.nullish(),
    shipping_address: ShopifyAddress.nullish(),
    billing_address: ShopifyAddress.nullish(),
    line_items: z.array(ShopifyLineItem),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;
