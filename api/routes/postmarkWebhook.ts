import type { FastifyInstance } from 'fastify';
import { ApiError, parseOrThrow } from '../errors';
import { PostmarkRecord, postmarkAuthorized, postmarkReport } from '../mailProviders/postmark';
import { parseJsonBody, rawBodyOf } from '../mailProviders/rawBody';
import { type MailRouteContext, notConfigured } from '../mailProviders/routeContext';
import { mailWebhookSchema } from '../mailProviders/webhookSchema';
import { POSTMARK_AUTH } from '../securitySchemes';

/** POST /v1/webhooks/postmark: Postmark's Bounce and SpamComplaint webhooks, let in by basic auth or a secret header. */
export function postmarkRoute(app: FastifyInstance, { config, accept }: MailRouteContext): void {
  const schema = {
    ...mailWebhookSchema("Postmark's Bounce and SpamComplaint webhooks", PostmarkRecord),
    security: POSTMARK_AUTH,
  };
  app.post('/v1/webhooks/postmark', { schema }, async (request, reply) => {
    if (!config.POSTMARK_WEBHOOK_SECRET && !config.POSTMARK_WEBHOOK_PASSWORD)
      throw notConfigured(
        'Postmark',
        'POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD (basic auth in the webhook URL), or POSTMARK_WEBHOOK_SECRET (a custom header)',
      );
    if (!postmarkAuthorized(request.headers, config))
      throw new ApiError(401, 'unauthorized', 'missing or wrong basic auth or X-Afterglow-Webhook-Secret');
    const report = postmarkReport(parseOrThrow(PostmarkRecord, parseJsonBody(rawBodyOf(request))));
    return reply.code(200).send(await accept(report, request.log));
  });
}
