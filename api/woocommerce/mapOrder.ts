import type { z } from 'zod';
import { emailSearchHash } from '../../credentials/emailSearchHash';
import type { JourneyEventType } from '../../domain/events';
import type { OrderInput } from '../../domain/order';
import type { WooLineItem, WooOrder } from './wooOrderSchema';

/** Either what a WooCommerce order means for a journey, or why it means nothing (it is still a valid order). */
export type Mapped<T> = T | { skipped: string };

/**
 * The customer a WooCommerce order belongs to. A registered customer is their WordPress user id. A guest checkout
 * has `customer_id: 0`, so the id is the keyed hash of the normalised billing address: the same guest's orders
 * share a journey, and the id (which becomes the workflow id, a search attribute and a log field) does not reveal
 * the address. It is exactly `emailSearchHash`, keyed with AFTERGLOW_EMAIL_HASH_SECRET: the plain sha256 of
 * storage/email.ts would be reversed by hashing a list of known addresses, and this value is already the journey's
 * EmailHash search attribute, so the id tells Temporal nothing it does not hold. Changing that secret starts a
 * guest's next order in a new journey (as it leaves their EmailHash stale).
 */
export function wooCustomerId(order: WooOrder, guestKey: string | undefined): Mapped<{ customerId: string }> {
  if (order.customer_id > 0) return { customerId: String(order.customer_id) };
  const email = order.billing.email?.trim();
  if (!email) return { skipped: 'the guest order has no billing email' };
  if (!guestKey)
    return { skipped: 'guest orders need AFTERGLOW_EMAIL_HASH_SECRET, which keys the id of a guest customer' };
  return { customerId: `guest-${emailSearchHash(guestKey, email)}` };
}

/**
 * A line's price as the decimal string orders carry, to at most 4 places: WooCommerce computes it as the line's
 * total over its quantity (a number, so 20.00 for 3 is 6.666666666666667); some plugins send it as a string.
 */
function decimal(value: number | string): string {
  const amount = typeof value === 'string' ? Number(value) : value;
  // Not a number: left as it came, for the Order schema to name the field.
  return Number.isFinite(amount) ? amount.toFixed(4).replace(/\.?0+$/, '') : String(value);
}

/** Country, state code and postcode of an address, for the customer's time zone; nothing else of it. */
function place(
  address: { country?: string | null; state?: string | null; postcode?: string | null } | null | undefined,
): OrderInput['shippingAddress'] {
  if (!address?.country) return undefined;
  return {
    country: address.country,
    // WooCommerce sends the state's code ("CA", "BC", "JP13"), never its name.
    ...(address.state && { provinceCode: address.state }),
    ...(address.postcode && { postalCode: address.postcode }),
  };
}

/** SKU-less products still need a stable key for the journey: the variation, else the product, else the line. */
function skuOf(item: z.infer<typeof WooLineItem>): string {
  if (item.sku?.trim()) return item.sku.trim();
  if (item.variation_id) return `variation-${item.variation_id}`;
  return item.product_id ? `product-${item.product_id}` : `line-${item.id}`;
}

export function mapWooOrder(
  order: WooOrder,
  storeId: string,
  guestKey: string | undefined,
): Mapped<{ order: OrderInput }> {
  const customer = wooCustomerId(order, guestKey);
  if ('skipped' in customer) return customer;
  const email = order.billing.email?.trim();
  // Orders entered by hand in the admin may have no address; a journey of emails cannot reach them.
  if (!email) return { skipped: 'the order has no billing email' };
  if (order.line_items.length === 0) return { skipped: 'the order has no line items' };
  return {
    order: {
      storeId,
      orderId: String(order.id),
      placedAt: order.date_created_gmt,
      currency: order.currency,
      total: order.total,
      customer: {
        id: customer.customerId,
        email,
        firstName: order.billing.first_name || undefined,
        lastName: order.billing.last_name || undefined,
        // WooCommerce core asks no marketing consent at checkout; stores that collect it report it to POST /v1/consent.
        acceptsMarketing: false,
      },
      // A virtual order has an empty shipping address: the billing one places the customer then.
      shippingAddress: place(order.shipping),
      billingAddress: place(order.billing),
      lineItems: order.line_items.map((item) => ({
        sku: skuOf(item),
        title: item.name,
        quantity: item.quantity,
        unitPrice: decimal(item.price),
      })),
    },
  };
}

/**
 * The journey event an order's status stands for, and when it happened. WooCommerce has no delivery status:
 * "completed" means the store has fulfilled the order (shipped it, or it was virtual), the closest it comes.
 */
export function wooStatusEvent(
  order: WooOrder,
): { type: JourneyEventType; occurredAt: string; field: string } | undefined {
  const modified = { occurredAt: order.date_modified_gmt ?? order.date_created_gmt, field: 'date_modified_gmt' };
  switch (order.status) {
    case 'completed':
      return order.date_completed_gmt
        ? { type: 'order.delivered', occurredAt: order.date_completed_gmt, field: 'date_completed_gmt' }
        : { type: 'order.delivered', ...modified };
    case 'cancelled':
      return { type: 'order.cancelled', ...modified };
    case 'refunded':
      return { type: 'order.refunded', ...modified };
    default:
      return undefined;
  }
}
