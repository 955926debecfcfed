import { z } from 'zod';
import { parseOrThrow } from '../../errors';
import { exactId, mapShopifyOrder } from '../mapOrder';
import { exactIdCheck, idFields, ShopifyOrder } from '../shopifyOrderSchema';
import { eventTime, type ShopifyTopic } from '../topicPlan';

/** orders/create: the order starts (or joins) the customer's journey, as POST /v1/orders does. */
export const ordersCreate: ShopifyTopic = (payload, { storeId }) => ({
  action: { kind: 'order', mapped: mapShopifyOrder(parseOrThrow(ShopifyOrder, payload), storeId) },
});

/** The fields of an orders/cancelled payload (the whole Order resource) that are read. */
const ShopifyCancelledOrder = z
  .object({ ...idFields, cancelled_at: z.string().nullish(), updated_at: z.string().nullish() })
  .refine(exactIdCheck.check, exactIdCheck.params);

/** orders/cancelled: the order's remaining messages end (order.cancelled at its cancelled_at). */
export const ordersCancelled: ShopifyTopic = (payload, { now, triggeredAt }) => {
  const order = parseOrThrow(ShopifyCancelledOrder, payload);
  const orderId = exactId(order);
  return {
    action: {
      kind: 'order-event',
      orderId,
      type: 'order.cancelled',
      occurredAt: eventTime([order.cancelled_at, order.updated_at, triggeredAt], now),
    },
    resource: `order/${orderId}`,
  };
};
