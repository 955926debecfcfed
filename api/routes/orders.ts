import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Order } from '../../domain/order';
import type { JourneyGateway } from '../journeyGateway';
import { errorAnswers, JourneyAccepted } from '../routeSchemas';
import { checkStoreInput } from '../storeInput';

/** POST /v1/orders: a store reports a placed order; the customer's journey starts or takes it in. */
export const orderRoutes: FastifyPluginAsyncZod<{ gateway: JourneyGateway; now: () => number }> = async (
  app,
  { gateway, now },
) => {
  app.post(
    '/v1/orders',
    {
      schema: {
        summary: 'Report a placed order',
        description: "The customer's journey starts, or takes the order in.",
        tags: ['store'],
        body: Order,
        response: { 202: JourneyAccepted, ...errorAnswers(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const order = checkStoreInput(request, request.body, { placedAt: request.body.placedAt }, now());
      const { workflowId } = await gateway.placeOrder(order);
      request.log.info({ storeId: order.storeId, orderId: order.orderId, workflowId }, 'order accepted');
      return reply.code(202).send({ workflowId });
    },
  );
};
