import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebhookDeliveryStore } from '../../storage/webhookDeliveries';
import { ApiError } from '../errors';
import { errorAnswers } from '../routeSchemas';
import { SHOPIFY_SIGNATURE } from '../securitySchemes';
import { applyPlan, type ShopifyDependencies } from '../shopify/applyPlan';
import { parseExactJson } from '../shopify/exactJson';
import { storeIdFromShopDomain } from '../shopify/mapOrder';
import { SHOPIFY_TOPICS } from '../shopify/topics';
import { verifyShopifyHmac } from '../shopify/verifyHmac';

export interface ShopifyRouteOptions extends ShopifyDependencies {
  /**
   * The secret the shop's deliveries are signed with: its own custom app's, else the app-level SHOPIFY_WEBHOOK_SECRET
   * (credentials/webhookSecrets.ts `webhookSecretFor`). None: the shop's deliveries are refused, never taken unsigned.
   */
  secretFor: (storeId: string) => string | undefined;
  /** Deliveries already taken, by X-Shopify-Webhook-Id and X-Shopify-Event-Id (the same body under another shop is refused). */
  deliveries?: WebhookDeliveryStore;
  now: () => number;
}

const PROVIDER = 'shopify';
/** X-Shopify-Event-Id names the merchant's action; it is shared by the deliveries that action causes (one per topic). */
const EVENT_PROVIDER = 'shopify-event';

/** The headers a delivery is checked by, in the order of the route's comment, after its signature. */
const DeliveryHeaders = z.object({
  'x-shopify-shop-domain': z.string().meta({ description: 'the shop, e.g. "my-shop.myshopify.com"' }),
  'x-shopify-topic': z.string().meta({ description: 'e.g. "orders/create"' }),
  'x-shopify-webhook-id': z.string(),
  'x-shopify-event-id': z.string().optional(),
  'x-shopify-triggered-at': z.string().optional(),
});
const ShopifyPayload = z.looseObject({}).meta({
  description:
    "Shopify's payload of the topic (an order, a refund, a customer, a privacy request): docs/integrations/shopify.md",
});
const deliverySchema = (summary: string) => ({
  summary,
  tags: ['webhooks'],
  security: SHOPIFY_SIGNATURE,
  readByHandler: { body: ShopifyPayload, headers: DeliveryHeaders },
  response: {
    200: z.looseObject({}).meta({ description: 'taken, ignored (`{ ignored }`) or stale (`{ stale: true }`)' }),
    ...errorAnswers(400, 401, 409, 413, 503),
  },
});

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};
const missingHeader = (name: string, message: string) =>
  new ApiError(400, 'invalid_request', '1 invalid field', [{ path: `headers.${name}`, message }]);

function parseBody(raw: Buffer): unknown {
  try {
    return parseExactJson(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'malformed_json', 'request body is not valid JSON');
  }
}

/**
 * POST /v1/webhooks/shopify: every Shopify webhook, dispatched on X-Shopify-Topic (api/shopify/topics). Each
 * delivery is checked in this order, and nothing of its body is read before its signature checks out:
 * 1. the shop (X-Shopify-Shop-Domain) and its secret: 503 when there is none;
 * 2. the signature (X-Shopify-Hmac-Sha256 over the raw bytes): 401;
 * 3. the delivery and event ids: seen for another shop, 409 (a retry from the same shop goes through again, harmless);
 * 4. the topic: one Afterglow does not handle is acknowledged with 200 and a note (Shopify drops subscriptions that
 *    keep failing);
 * 5. staleness (X-Shopify-Triggered-At): a snapshot of a resource older than one already applied is acknowledged
 *    with 200 `{ stale: true }` and changes nothing.
 * POST /v1/webhooks/shopify/orders-create stays as an alias (the topic defaults to orders/create there). Registered
 * as its own plugin because its JSON parser keeps the raw bytes the signature covers.
 */
export const shopifyWebhookRoutes: FastifyPluginAsync<ShopifyRouteOptions> = async (app, options) => {
  const { secretFor, deliveries, now, resources } = options;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const handle = (defaultTopic?: string) => async (request: FastifyRequest) => {
    const storeId = storeIdFromShopDomain(request.headers['x-shopify-shop-domain']);
    if (!storeId) throw missingHeader('x-shopify-shop-domain', 'must name the shop, e.g. "my-shop.myshopify.com"');
    const secret = secretFor(storeId);
    if (!secret)
      throw new ApiError(
        503,
        'webhook_not_configured',
        "Shopify webhooks are not configured for this shop: set SHOPIFY_WEBHOOK_SECRET, or the shop's own secret in AFTERGLOW_WEBHOOK_SECRETS",
      );
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!verifyShopifyHmac(raw, request.headers['x-shopify-hmac-sha256'], secret))
      throw new ApiError(401, 'invalid_signature', 'missing or invalid X-Shopify-Hmac-Sha256 signature');

    const webhookId = header(request, 'x-shopify-webhook-id');
    if (!webhookId) throw missingHeader('x-shopify-webhook-id', 'Shopify sends one with every delivery');
    const topic = header(request, 'x-shopify-topic') ?? defaultTopic;
    if (!topic) throw missingHeader('x-shopify-topic', 'Shopify sends one with every delivery, e.g. "orders/create"');
    const eventId = header(request, 'x-shopify-event-id');
    // The signature covers the body, not the shop header: a delivery (or event) seen for one shop is never taken for another.
    if (deliveries) {
      const sightings = await Promise.all([
        deliveries.sighting(PROVIDER, webhookId, storeId),
        ...(eventId ? [deliveries.sighting(EVENT_PROVIDER, eventId, storeId)] : []),
      ]);
      if (sightings.includes('elsewhere'))
        throw new ApiError(409, 'duplicate_webhook', 'this webhook delivery was already received for another shop');
    }

    const plan = SHOPIFY_TOPICS.get(topic);
    if (!plan) {
      request.log.info({ topic }, 'shopify topic not handled');
      return { ignored: `topic "${topic}" is not one Afterglow handles: acknowledged, nothing done` };
    }
    const triggeredAt = header(request, 'x-shopify-triggered-at');
    const triggeredMs = triggeredAt === undefined ? NaN : Date.parse(triggeredAt);
    const { action, resource } = plan(parseBody(raw), { storeId, now: now(), ...(triggeredAt && { triggeredAt }) });

    const ref = resource && !Number.isNaN(triggeredMs) ? { provider: PROVIDER, account: storeId, resource } : undefined;
    if (ref && (await resources?.isStale(ref, triggeredMs))) {
      request.log.info({ storeId, topic, webhookId }, 'shopify delivery stale');
      return { stale: true };
    }
    const outcome = await applyPlan(action, { storeId, topic }, options);
    if (ref && outcome.applied) await resources?.applied(ref, triggeredMs);
    // Ids only: an order's, the journey's; never the customer's of a privacy request (the log outlives their erasure).
    const orderId =
      action.kind === 'order' && 'order' in action.mapped
        ? action.mapped.order.orderId
        : action.kind === 'order-event'
          ? action.orderId
          : undefined;
    request.log.info(
      { storeId, topic, webhookId, ...(orderId && { orderId }), ...outcome.body },
      'shopify delivery taken',
    );
    return outcome.body;
  };

  app.post('/v1/webhooks/shopify', { schema: deliverySchema('Every Shopify webhook, by X-Shopify-Topic') }, handle());
  app.post(
    '/v1/webhooks/shopify/orders-create',
    { schema: deliverySchema('Alias of /v1/webhooks/shopify with the topic orders/create by default') },
    handle('orders/create'),
  );
};
