import type { OrderInput } from '../../domain/order';
import type { z } from 'zod';
import type { ShopifyAddress, ShopifyOrder } from './shopifyOrderSchema';

/** Either an order for a journey, or why this Shopify order cannot have one (it is still a valid Shopify order). */
export type MappedShopifyOrder = { order: OrderInput } | { skipped: string };

/** "my-shop.myshopify.com" is already a valid store id; anything outside the storeId charset becomes "-". */
export function storeIdFromShopDomain(domain: string | string[] | undefined): string | undefined {
  if (typeof domain !== 'string') return undefined;
  const storeId = domain
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 100);
  return /[a-z0-9]/.test(storeId) ? storeId : undefined;
}

/** The exact id: from the global id when Shopify sent one (see shopifyOrderSchema.ts), else the number. */
export function exactId(node: { id: number | string; admin_graphql_api_id?: string | null }): string {
  const gid = node.admin_graphql_api_id;
  return gid ? gid.slice(gid.lastIndexOf('/') + 1) : String(node.id);
}

/**
 * The SKU a Shopify line item has in journeys: its own, else one made from its variant (SKU-less variants), else
 * from the line (custom items). Refunds name their lines the same way, so they find the same products.
 */
export function lineItemSku(item: {
  id: number | string;
  admin_graphql_api_id?: string | null;
  sku?: string | null;
  variant_id?: number | string | null;
}): string {
  return item.sku?.trim() || (item.variant_id != null ? `variant-${item.variant_id}` : `line-${exactId(item)}`);
}

/**
 * Country, province (name and code: Shopify's codes are not ISO everywhere, e.g. Mexico's "BC") and postal code of a
 * Shopify address, for the customer's time zone; nothing else of it.
 */
function place(address: z.infer<typeof ShopifyAddress> | null | undefined): OrderInput['shippingAddress'] {
  if (!address?.country_code) return undefined;
  return {
    country: address.country_code,
    ...(address.province && { province: address.province }),
    ...(address.province_code && { provinceCode: address.province_code }),
    ...(address.zip && { postalCode: address.zip }),
  };
}

export function mapShopifyOrder(payload: ShopifyOrder, storeId: string): MappedShopifyOrder {
  const customer = payload.customer;
  if (!customer) return { skipped: 'the order has no customer' };
  const email = customer.email || payload.email || payload.contact_email;
  // Phone-only checkouts are legitimate orders, but a journey of emails cannot reach them.
  if (!email) return { skipped: 'the order has no email address' };
  const consent = customer.email_marketing_consent;
  return {
    order: {
      storeId,
      orderId: exactId(payload),
      placedAt: payload.created_at,
      currency: payload.currency,
      total: payload.total_price,
      customer: {
        id: exactId(customer),
        email,
        firstName: customer.first_name || undefined,
        lastName: customer.last_name || undefined,
        locale: payload.customer_locale || customer.locale || undefined,
        // The legacy flag only counts when the current consent model is absent (older API versions).
        acceptsMarketing:
          consent?.state === 'subscribed' ||
          payload.buyer_accepts_marketing === true ||
          (!consent && customer.accepts_marketing === true),
      },
      shippingAddress: place(payload.shipping_address),
      billingAddress: place(payload.billing_address),
      lineItems: payload.line_items.map((item) => ({
        // Custom items and SKU-less variants still need a stable key for the journey.
        sku: lineItemSku(item),
        title: item.title,
        quantity: item.quantity,
        unitPrice: item.price,
      })),
    },
  };
}
