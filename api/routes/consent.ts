import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecordConsentChange } from '../../client/consentRecorder';
import { StoreConsentChange } from '../../domain/consent';
import { errorAnswers } from '../routeSchemas';
import { checkStoreInput } from '../storeInput';

/**
 * POST /v1/consent: the customer opted in or out of marketing in the store (checkout, account page):
 * `{ storeId?, customerId, marketing: subscribed | unsubscribed | paused, until?, occurredAt }`.
 * Applies to every message not yet sent, in running journeys too.
 */
export const consentRoutes: FastifyPluginAsyncZod<{ recordConsent: RecordConsentChange; now: () => number }> = async (
  app,
  { recordConsent, now },
) => {
  app.post(
    '/v1/consent',
    {
      schema: {
        summary: "Report a customer's marketing choice in the store",
        tags: ['store'],
        body: StoreConsentChange,
        response: { 202: z.object({ recorded: z.literal(true) }), ...errorAnswers(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const change = checkStoreInput(request, request.body, { occurredAt: request.body.occurredAt }, now());
      await recordConsent({ ...change, source: 'store' });
      request.log.info({ storeId: change.storeId, marketing: change.marketing }, 'consent change recorded');
      return reply.code(202).send({ recorded: true });
    },
  );
};
