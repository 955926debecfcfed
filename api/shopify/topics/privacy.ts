import { z } from 'zod';
import { ApiError, parseOrThrow } from '../../errors';
import { storeIdFromShopDomain } from '../mapOrder';
import { ShopifyIdValue } from '../shopifyOrderSchema';
import type { PrivacySubject, ShopifyTopic, TopicContext } from '../topicPlan';

/**
 * Shopify's mandatory privacy webhooks. Their payloads name the shop (`shop_domain`) inside the signed body, while
 * the X-Shopify-Shop-Domain header is not signed: with an app-level secret, a captured shop/redact sent again under
 * another shop's header would erase that shop. The body's shop must be the header's.
 */
const Shop = { shop_domain: z.string() };
/** The customer, by id and address, either of which may be missing ("in some cases … only the email address"). */
const Customer = z.object({ id: ShopifyIdValue.nullish(), email: z.string().nullish() }).nullish();
const OrderIds = z.array(ShopifyIdValue).nullish();

function sameShop(payload: { shop_domain: string }, { storeId }: TopicContext): void {
  if (storeIdFromShopDomain(payload.shop_domain) !== storeId)
    throw new ApiError(400, 'invalid_request', '1 invalid field', [
      { path: 'shop_domain', message: 'must be the shop named by X-Shopify-Shop-Domain' },
    ]);
}

function subject(customer: z.infer<typeof Customer>, orders: z.infer<typeof OrderIds>): PrivacySubject {
  const email = customer?.email?.trim();
  return {
    ...(customer?.id != null && { customerId: String(customer.id) }),
    emails: email ? [email] : [],
    orderIds: (orders ?? []).map(String),
  };
}

/** customers/data_request: the store asks for everything held about the customer (PrivacyRequests.requestExport). */
export const customersDataRequest: ShopifyTopic = (payload, context) => {
  const request = parseOrThrow(z.object({ ...Shop, customer: Customer, orders_requested: OrderIds }), payload);
  sameShop(request, context);
  return { action: { kind: 'export', customer: subject(request.customer, request.orders_requested) } };
};

/**
 * customers/redact: erase the customer (PrivacyRequests.requestErasure); the address Shopify names is passed on, to
 * be kept only as a hash so they are never mailed again.
 */
export const customersRedact: ShopifyTopic = (payload, context) => {
  const request = parseOrThrow(z.object({ ...Shop, customer: Customer, orders_to_redact: OrderIds }), payload);
  sameShop(request, context);
  return { action: { kind: 'erase', customer: subject(request.customer, request.orders_to_redact) } };
};

/** shop/redact: 48 hours after a store uninstalled the app, erase every customer of it. */
export const shopRedact: ShopifyTopic = (payload, context) => {
  sameShop(parseOrThrow(z.object(Shop), payload), context);
  return { action: { kind: 'erase-store' } };
};
