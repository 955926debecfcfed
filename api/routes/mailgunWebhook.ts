import type { FastifyInstance } from 'fastify';
import { ApiError, parseOrThrow } from '../errors';
import { assertFresh } from '../mailProviders/checks';
import { MailgunSignature, MailgunWebhook, mailgunReport, verifyMailgunSignature } from '../mailProviders/mailgun';
import { parseJsonBody, rawBodyOf } from '../mailProviders/rawBody';
import { type MailRouteContext, notConfigured } from '../mailProviders/routeContext';
import { mailWebhookSchema } from '../mailProviders/webhookSchema';

/**
 * POST /v1/webhooks/mailgun: Mailgun signs inside the body, so the signature object is read (and only it) before
 * anything else is; then the timestamp must be recent and the token new, so a captured request cannot be replayed.
 */
export function mailgunRoute(app: FastifyInstance, { config, now, deliveries, accept }: MailRouteContext): void {
  const schema = {
    ...mailWebhookSchema("Mailgun's bounce and complaint events", MailgunWebhook),
    'x-signed-body':
      'signature: HMAC-SHA256 of signature.timestamp + signature.token with MAILGUN_WEBHOOK_SIGNING_KEY; a recent timestamp, a new token',
  };
  app.post('/v1/webhooks/mailgun', { schema }, async (request, reply) => {
    const key = config.MAILGUN_WEBHOOK_SIGNING_KEY;
    if (!key) throw notConfigured('Mailgun', 'MAILGUN_WEBHOOK_SIGNING_KEY');
    const body = parseJsonBody(rawBodyOf(request)) as { signature?: unknown };
    const signed = MailgunSignature.safeParse(body?.signature);
    if (!signed.success || !verifyMailgunSignature(signed.data, key))
      throw new ApiError(
        401,
        'invalid_signature',
        'missing or invalid signature (HMAC-SHA256 of timestamp + token with the webhook signing key)',
      );
    assertFresh(
      Number(signed.data.timestamp) * 1000,
      now(),
      config.MAIL_WEBHOOK_MAX_AGE_SECONDS * 1000,
      'signature.timestamp',
    );
    if ((await deliveries.sighting('mailgun-token', signed.data.token, 'mailgun')) !== 'first')
      throw new ApiError(401, 'replayed_signature', 'this signature token was already used');
    const report = mailgunReport(parseOrThrow(MailgunWebhook, body));
    return reply.code(200).send(await accept(report, request.log));
  });
}
