import type { FastifyPluginAsync } from 'fastify';
import type { RecordConsentChange } from '../../client/consentRecorder';
import { StoreConsentChange } from '../../domain/consent';
import { parseStoreInput } from '../storeInput';

/**
 * POST /v1/consent: the customer opted in or out of marketing in the store (checkout, account page):
 * `{ storeId?, customerId, marketing: subscribed | unsubscribed | paused, until?, occurredAt }`.
 * Applies to every message not yet sent, in running journeys too.
 */
export const consentRoutes: FastifyPluginAsync<{ recordConsent: RecordConsentChange; now: () => number }> = async (
  app,
  { recordConsent, now },
) => {
  app.post('/v1/consent', async (request, reply) => {
    const change = parseStoreInput(request, StoreConsentChange, (c) => ({ occurredAt: c.occurredAt }), now());
    await recordConsent({ ...change, source: 'store' });
    request.log.info({ storeId: change.storeId, marketing: change.marketing }, 'consent change recorded');
    return reply.code(202).send({ recorded: true });
  });
};
