import type { FastifyPluginAsync } from 'fastify';
import { Order } from '../../domain/order';
import { ApiError, parseOrThrow } from '../errors';
import type { JourneyGateway } from '../journeyGateway';
import { mapShopifyOrder, storeIdFromShopDomain } from '../shopify/mapOrder';
import { ShopifyOrder } from '../shopify/shopifyOrderSchema';
import { verifyShopifyHmac } from '../shopify/verifyHmac';

export interface ShopifyRouteOptions {
  gateway: JourneyGateway;
  /** SHOPIFY_WEBHOOK_SECRET; without it the route refuses every call rather than accept unsigned orders. */
  secret: string | undefined;
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
export const shopifyOrdersCreateRoutes: FastifyPluginAsync<ShopifyRouteOptions> = async (app, { gateway, secret }) => {
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

    const mapped = mapShopifyOrder(parseOrThrow(ShopifyOrder, parseJson(raw)), storeId);
    const webhookId = request.headers['x-shopify-webhook-id'];
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
