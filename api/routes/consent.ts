import type { FastifyPluginAsync } from 'fastify';
import type { RecordConsentChange } from '../../client/consentRecorder';
import { ConsentChange } from '../../domain/consent';
import { parseOrThrow } from '../errors';

/**
 * POST /v1/consent: the customer opted in or out of marketing in the store (checkout, account page):
 * `{ storeId?, customerId, marketing: subscribed | unsubscribed | paused, until?, occurredAt }`.
 * Applies to every message not yet sent, in running journeys too.
 */
export const consentRoutes: FastifyPluginAsync<{ recordConsent: RecordConsentChange }> = async (app, { recordConsent }) => {
  app.post('/v1/consent', async (request, reply) => {
    const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
    const change = parseOrThrow(ConsentChange, { ...body, source: 'store' });
    await recordConsent(change);
    request.log.info({ storeId: change.storeId, marketing: change.marketing }, 'consent change recorded');
    return reply.code(202).send({ recorded: true });
  });
};
