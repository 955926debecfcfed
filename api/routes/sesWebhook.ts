import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors';
import { parseJsonBody, rawBodyOf } from '../mailProviders/rawBody';
import { type MailRouteContext, notConfigured } from '../mailProviders/routeContext';
import { SnsEnvelope, sesReport } from '../mailProviders/ses';
import { mailWebhookSchema } from '../mailProviders/webhookSchema';
import { isSnsUrl, type SnsVerifier, urlOf } from '../mailProviders/snsSignature';
import { fieldIssues } from '../../domain/zodIssues';

const unreachable = (what: string) =>
  new ApiError(503, 'provider_unavailable', `Amazon SNS could not be reached to ${what}; SNS will retry`);

/**
 * POST /v1/webhooks/ses: Amazon SES bounce and complaint notifications through an SNS topic. Every message's SNS
 * signature is checked (its certificate fetched from SNS itself), then its topic must be one of SES_SNS_TOPIC_ARNS.
 * A subscription confirmation is confirmed by visiting its SubscribeURL. No timestamp window: SNS retries keep
 * their original Timestamp for as long as the topic's delivery policy says, and a replayed capture is a MessageId
 * already seen.
 */
export function sesRoute(
  app: FastifyInstance,
  { config, accept, verifySns, snsFetch }: MailRouteContext & { verifySns: SnsVerifier },
): void {
  const schema = {
    ...mailWebhookSchema('Amazon SES bounce and complaint notifications through an SNS topic', SnsEnvelope),
    'x-signed-body':
      "Signature and SigningCertURL: the SNS message's signature, checked with the certificate SNS serves; TopicArn one of SES_SNS_TOPIC_ARNS",
  };
  app.post('/v1/webhooks/ses', { schema }, async (request, reply) => {
    const topics = config.SES_SNS_TOPIC_ARNS;
    if (!topics?.length) throw notConfigured('Amazon SES', 'SES_SNS_TOPIC_ARNS');
    const message = parseOrThrow(SnsEnvelope, parseJsonBody(rawBodyOf(request)));
    const verdict = await verifySns(message).catch(() => {
      throw unreachable('fetch its signing certificate');
    });
    if (verdict !== 'valid') throw new ApiError(401, 'invalid_signature', `SNS signature refused: ${verdict}`);
    if (!topics.includes(message.TopicArn))
      throw new ApiError(403, 'unknown_topic', 'the topic is not one of SES_SNS_TOPIC_ARNS');

    if (message.Type === 'SubscriptionConfirmation') {
      const url = urlOf(message.SubscribeURL);
      if (!url || !isSnsUrl(url) || url.searchParams.get('Action') !== 'ConfirmSubscription')
        throw new ApiError(400, 'invalid_request', '1 invalid field', [
          { path: 'SubscribeURL', message: 'must be an Amazon SNS ConfirmSubscription URL' },
        ]);
      await snsFetch(url).catch(() => {
        throw unreachable('confirm the subscription');
      });
      request.log.info({ topicArn: message.TopicArn, messageId: message.MessageId }, 'SNS subscription confirmed');
      return reply.code(200).send({ confirmed: true });
    }
    if (message.Type === 'UnsubscribeConfirmation') {
      request.log.warn(
        { topicArn: message.TopicArn, messageId: message.MessageId },
        'SNS unsubscribed this endpoint from the topic',
      );
      return reply.code(200).send({});
    }
    let report;
    try {
      report = sesReport(message);
    } catch (err) {
      if (!(err instanceof z.ZodError)) throw err;
      // The SES event rides inside the signed message as JSON text: its field paths start at Message.
      throw new ApiError(
        400,
        'invalid_request',
        'the SES notification in Message is malformed',
        fieldIssues(err, '(body)', ['Message']),
      );
    }
    return reply.code(200).send(await accept(report, request.log));
  });
}
