import type { FastifyPluginAsync } from 'fastify';
import { Order } from '../../domain/order';
import { ApiError, parseOrThrow } from '../errors';
import type { JourneyGateway } from '../journeyGateway';
import type { WebhookDeliveryStore } from '../../storage/webhookDeliveries';
import { mapShopifyOrder, storeIdFromShopDomain } from '../shopify/mapOrder';
import { ShopifyOrder } from '../shopify/shopifyOrderSchema';
import { verifyShopifyHmac } from '../shopify/verifyHmac';

export interface ShopifyRouteOptions {
  gateway: JourneyGateway;
  /** SHOPIFY_WEBHOOK_SECRET; without it the route refuses every call rather than accept unsigned orders. */
  secret: string | undefined;
  /** Deliveries already taken, by X-Shopify-Webhook-Id (the same signed body under another shop is refused). */
  deliveries?: WebhookDeliveryStore;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'malformed_json', 'request body is not valid JSON');
  }
}

/**
 * POST /v1/webhooks/shopify/orders-create: Shopify's orders/create webhook. Answers 200 once the order reached its
 * journey (Shopify only wants a quick 2xx; a redelivered order is a no-op in the workflow). Registered as its own
 * plugin because its JSON parser keeps the raw bytes the signature covers.
 */
export const shopifyOrdersCreateRoutes: FastifyPluginAsync<ShopifyRouteOptions> = async (app, { gateway, secret, deliveries }) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/v1/webhooks/shopify/orders-create', async (request, reply) => {
    if (!secret)
      throw new ApiError(503, 'webhook_not_configured', 'Shopify webhooks are not configured: set SHOPIFY_WEBHOOK_SECRET');
    // Nothing in the body is read before its signature checks out.
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!verifyShopifyHmac(raw, request.headers['x-shopify-hmac-sha256'], secret))
      throw new ApiError(401, 'invalid_signature', 'missing or invalid X-Shopify-Hmac-Sha256 signature');

    const storeId = storeIdFromShopDomain(request.headers['x-shopify-shop-domain']);
    if (!storeId)
      throw new ApiError(400, 'invalid_request', '1 invalid field', [
        { path: 'headers.x-shopify-shop-domain', message: 'must name the shop, e.g. "my-shop.myshopify.com"' },
      ]);

    const webhookId = request.headers['x-shopify-webhook-id'];
    if (typeof webhookId !== 'string' || !webhookId)
      throw new ApiError(400, 'invalid_request', '1 invalid field', [{ path: 'headers.x-shopify-webhook-id', message: 'Shopify sends one with every delivery' }]);
    const mapped = mapShopifyOrder(parseOrThrow(ShopifyOrder, parseJson(raw)), storeId);
    // The signature covers the body, not the shop header: a delivery seen for one shop is never taken for another.
    // A retry (same shop) goes through again, harmless: the journey ignores an order it already has.
    if (deliveries && (await deliveries.sighting('shopify', webhookId, storeId)) === 'elsewhere')
      throw new ApiError(409, 'duplicate_webhook', 'this webhook delivery was already received for another shop');
    if ('skipped' in mapped) {
      // Still 200: Shopify would otherwise redeliver, and eventually drop the subscription, over an order we never want.
      request.log.info({ storeId, webhookId, reason: mapped.skipped }, 'shopify order skipped');
      return reply.code(200).send({ skipped: mapped.skipped });
    }
    const order = parseOrThrow(Order, mapped.order);
    const { workflowId } = await gateway.placeOrder(order);
    request.log.info({ storeId, orderId: order.orderId, webhookId, workflowId }, 'shopify order accepted');
    return reply.code(200).send({ workflowId });
  });
};
