import type { FastifyInstance } from 'fastify';
import { ApiError, parseOrThrow } from '../errors';
import { assertFresh } from '../mailProviders/checks';
import { parseJsonBody, rawBodyOf } from '../mailProviders/rawBody';
import { type MailRouteContext, notConfigured } from '../mailProviders/routeContext';
import { mailWebhookSchema } from '../mailProviders/webhookSchema';
import { SENDGRID_SIGNATURE } from '../securitySchemes';
import {
  SendgridEvents,
  SIGNATURE_HEADER,
  sendgridReports,
  TIMESTAMP_HEADER,
  verifySendgridSignature,
} from '../mailProviders/sendgrid';

/**
 * POST /v1/webhooks/sendgrid: SendGrid's signed event webhook. Nothing in the body is read before the signature
 * checks out; the signed timestamp must be recent. Each event of the batch is acted on once, by its sg_event_id.
 */
export function sendgridRoute(app: FastifyInstance, { config, now, accept }: MailRouteContext): void {
  // SendGrid batches events up to about 768 KB a POST, more than the API's default limit.
  const schema = {
    ...mailWebhookSchema("SendGrid's signed event webhook", SendgridEvents),
    security: SENDGRID_SIGNATURE,
  };
  app.post('/v1/webhooks/sendgrid', { bodyLimit: 1024 * 1024, schema }, async (request, reply) => {
    const publicKey = config.SENDGRID_WEBHOOK_PUBLIC_KEY;
    if (!publicKey) throw notConfigured('SendGrid', 'SENDGRID_WEBHOOK_PUBLIC_KEY');
    const [signature, timestamp] = [request.headers[SIGNATURE_HEADER], request.headers[TIMESTAMP_HEADER]];
    const raw = rawBodyOf(request);
    if (
      typeof signature !== 'string' ||
      typeof timestamp !== 'string' ||
      !verifySendgridSignature(publicKey, raw, signature, timestamp)
    )
      throw new ApiError(401, 'invalid_signature', 'missing or invalid X-Twilio-Email-Event-Webhook-Signature');
    assertFresh(
      /^\d+$/.test(timestamp) ? Number(timestamp) * 1000 : NaN,
      now(),
      config.MAIL_WEBHOOK_MAX_AGE_SECONDS * 1000,
      'X-Twilio-Email-Event-Webhook-Timestamp',
    );
    let duplicates = 0;
    const reports = sendgridReports(parseOrThrow(SendgridEvents, parseJsonBody(raw)));
    for (const report of reports) if ((await accept(report, request.log)).duplicate) duplicates++;
    return reply.code(200).send({ events: reports.length, duplicates });
  });
}
