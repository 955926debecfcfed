import type { FastifyPluginAsync } from 'fastify';
import { Order } from '../../domain/order';
import { parseOrThrow } from '../errors';
import type { JourneyGateway } from '../journeyGateway';

/** POST /v1/orders: a store reports a placed order; the customer's journey starts or takes it in. */
export const orderRoutes: FastifyPluginAsync<{ gateway: JourneyGateway }> = async (app, { gateway }) => {
  app.post('/v1/orders', async (request, reply) => {
    const order = parseOrThrow(Order, request.body);
    const { workflowId } = await gateway.placeOrder(order);
    request.log.info({ storeId: order.storeId, orderId: order.orderId, workflowId }, 'order accepted');
    return reply.code(202).send({ workflowId });
  });
};
