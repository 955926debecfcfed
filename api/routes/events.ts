import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { JourneyEvent } from '../../domain/events';
import { ApiError } from '../errors';
import { type JourneyGateway, JourneyNotFoundError } from '../journeyGateway';
import { errorAnswers, JourneyAccepted } from '../routeSchemas';
import { checkStoreInput } from '../storeInput';

/** POST /v1/events: delivery, refund, cancellation or review of an order whose journey already runs. */
export const eventRoutes: FastifyPluginAsyncZod<{ gateway: JourneyGateway; now: () => number }> = async (
  app,
  { gateway, now },
) => {
  app.post(
    '/v1/events',
    {
      schema: {
        summary: "Report an order's delivery, refund, cancellation or review",
        tags: ['store'],
        body: JourneyEvent,
        response: { 202: JourneyAccepted, ...errorAnswers(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const event = checkStoreInput(request, request.body, { occurredAt: request.body.occurredAt }, now());
      try {
        const { workflowId } = await gateway.reportEvent(event);
        request.log.info(
          { type: event.type, storeId: event.storeId, orderId: event.orderId, workflowId },
          'event accepted',
        );
        return reply.code(202).send({ workflowId });
      } catch (err) {
        if (err instanceof JourneyNotFoundError)
          throw new ApiError(
            404,
            'journey_not_found',
            `customer "${event.customerId}" has no journey in store "${event.storeId}": send their order to POST /v1/orders first`,
          );
        throw err;
      }
    },
  );
};
