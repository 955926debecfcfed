import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { StoreId } from '../../domain/ids';
import type { WebhookDeliveryStore } from '../../storage/webhookDeliveries';
import { ApiError, parseOrThrow } from '../errors';
import { errorAnswers } from '../routeSchemas';
import { WOOCOMMERCE_SIGNATURE } from '../securitySchemes';
import type { JourneyGateway } from '../journeyGateway';
import { verifyBase64HmacSha256 } from '../webhookHmac';
import { handleOrderTopic } from '../woocommerce/orderTopics';
import { WooOrder } from '../woocommerce/wooOrderSchema';

export interface WooCommerceRouteOptions {
  gateway: JourneyGateway;
  /** The secret a store's webhooks are signed with (its own, else WOOCOMMERCE_WEBHOOK_SECRET); none: 503. */
  secretFor: (storeId: string) => string | undefined;
  /** AFTERGLOW_EMAIL_HASH_SECRET: keys the ids of guest customers; without it guest orders are skipped. */
  guestKey: string | undefined;
  /** Deliveries already taken: a signed body replayed under another store is refused. */
  deliveries?: WebhookDeliveryStore;
  now: () => number;
}

const Params = z.object({ storeId: StoreId });
const DeliveryHeaders = z.object({
  'x-wc-webhook-topic': z
    .string()
    .meta({ description: 'order.created or order.updated (absent on the activation ping)' }),
  'x-wc-webhook-delivery-id': z.string(),
  'x-wc-webhook-source': z.string().optional(),
});
/** Read by the handler, in the order of the route's comment: the store first, the body and headers after the signature. */
const schema = {
  summary: "A WooCommerce store's order.created and order.updated webhooks",
  tags: ['webhooks'],
  security: WOOCOMMERCE_SIGNATURE,
  readByHandler: { params: Params, body: WooOrder, headers: DeliveryHeaders },
  response: {
    200: z.looseObject({}).meta({ description: 'taken, or `{ skipped }` saying why nothing changed' }),
    ...errorAnswers(400, 401, 409, 413, 503),
  },
};

/**
 * The ping WooCommerce sends, unsigned, when a webhook is first saved as active: a form body `webhook_id=<id>` and
 * none of the X-WC-Webhook-* headers (class-wc-webhook.php, deliver_ping). Anything else must be signed.
 */
function isPing(raw: Buffer, topic: unknown): boolean {
  return topic === undefined && /^webhook_id=\d+$/.test(raw.toString('latin1'));
}

function requiredHeader(value: string | string[] | undefined, name: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new ApiError(400, 'invalid_request', '1 invalid field', [
    { path: `headers.${name}`, message: 'WooCommerce sends one with every delivery' },
  ]);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'malformed_json', 'request body is not valid JSON');
  }
}

/**
 * POST /v1/webhooks/woocommerce/:storeId: a WooCommerce store's `order.created` and `order.updated` webhooks
 * (docs/integrations/woocommerce.md). Every valid delivery gets a 200, also one that changes nothing (`{ skipped }`):
 * WooCommerce disables a webhook after a few failed deliveries in a row, and never retries one. Registered as its own
 * plugin because its parser keeps the raw bytes the signature covers, whatever the content type (the ping is a form).
 */
export const wooCommerceWebhookRoutes: FastifyPluginAsync<WooCommerceRouteOptions> = async (
  app,
  { gateway, secretFor, guestKey, deliveries, now },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/v1/webhooks/woocommerce/:storeId', { schema }, async (request, reply) => {
    const { storeId } = parseOrThrow(Params, request.params);
    const secret = secretFor(storeId);
    // Before the ping too: a ping answered 503 tells the store's admin, when saving the webhook, that Afterglow
    // does not know this store's secret yet.
    if (!secret)
      throw new ApiError(
        503,
        'webhook_not_configured',
        `WooCommerce webhooks of store "${storeId}" are not configured: set WOOCOMMERCE_WEBHOOK_SECRET or the store's own in AFTERGLOW_WEBHOOK_SECRETS`,
      );
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const topic = request.headers['x-wc-webhook-topic'];
    if (isPing(raw, topic)) return reply.code(200).send({ ok: true });
    // Nothing in the body is read before its signature checks out.
    if (!verifyBase64HmacSha256(raw, request.headers['x-wc-webhook-signature'], secret))
      throw new ApiError(401, 'invalid_signature', 'missing or invalid X-WC-Webhook-Signature signature');

    const deliveryId = requiredHeader(request.headers['x-wc-webhook-delivery-id'], 'x-wc-webhook-delivery-id');
    const topicName = requiredHeader(topic, 'x-wc-webhook-topic');
    // The store is named by the URL, which the signature does not cover: under a shared app-level secret a captured
    // delivery could be replayed to another store's URL. X-WC-Webhook-Source (the site's address) is unsigned too, so
    // it proves nothing and is only logged. The delivery id is a hash of the webhook id and the second it was sent, the
    // same for two deliveries of one webhook within a second, hence the body's digest beside it.
    const sightingKey = `${deliveryId}:${createHash('sha256').update(raw).digest('hex')}`;
    if (deliveries && (await deliveries.sighting('woocommerce', sightingKey, storeId)) === 'elsewhere')
      throw new ApiError(409, 'duplicate_webhook', 'this webhook delivery was already received for another store');

    const log = { storeId, topic: topicName, deliveryId, source: request.headers['x-wc-webhook-source'] };
    if (topicName !== 'order.created' && topicName !== 'order.updated') {
      request.log.info(log, 'woocommerce topic not used');
      return reply
        .code(200)
        .send({ skipped: `topic "${topicName}" is not used: subscribe order.created and order.updated` });
    }
    const order = parseOrThrow(WooOrder, parseJson(raw));
    const answer = await handleOrderTopic(topicName, order, { gateway, storeId, guestKey, now: now() });
    request.log.info(
      { ...log, orderId: String(order.id), status: order.status, ...answer },
      'woocommerce delivery taken',
    );
    return reply.code(200).send(answer);
  });
};
