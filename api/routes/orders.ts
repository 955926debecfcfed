import type { FastifyPluginAsync } from 'fastify';
import { Order } from '../../domain/order';
import type { JourneyGateway } from '../journeyGateway';
import { parseStoreInput } from '../storeInput';

/** POST /v1/orders: a store reports a placed order; the customer's journey starts or takes it in. */
export const orderRoutes: FastifyPluginAsync<{ gateway: JourneyGateway; now: () => number }> = async (
  app,
  { gateway, now },
) => {
  app.post('/v1/orders', async (request, reply) => {
    const order = parseStoreInput(request, Order, (o) => ({ placedAt: o.placedAt }), now());
    const { workflowId } = await gateway.placeOrder(order);
    request.log.info({ storeId: order.storeId, orderId: order.orderId, workflowId }, 'order accepted');
    return reply.code(202).send({ workflowId });
  });
};
