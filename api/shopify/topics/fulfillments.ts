import { z } from 'zod';
import { parseOrThrow } from '../../errors';
import { exactId } from '../mapOrder';
import { exactIdCheck, idFields, ShopifyIdValue } from '../shopifyOrderSchema';
import { eventTime, type ShopifyTopic } from '../topicPlan';

/**
 * Deliveries. Shopify reports one two ways: a fulfillment event (a carrier's tracking update, `status` "delivered"
 * at `happened_at`) and the fulfillment itself (`shipment_status` "delivered", as of its `updated_at`). Either
 * makes the order delivered; the journey takes the first and ignores the other. Both are about the fulfillment,
 * so a tracking update older than one already applied is stale.
 */

/** fulfillment_events/create (REST FulfillmentEvent): the fields read. */
const ShopifyFulfillmentEvent = z
  .object({
    ...idFields,
    fulfillment_id: ShopifyIdValue,
    order_id: ShopifyIdValue,
    status: z.string(),
    happened_at: z.string().nullish(),
    created_at: z.string().nullish(),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);

export const fulfillmentEventsCreate: ShopifyTopic = (payload, { now, triggeredAt }) => {
  const event = parseOrThrow(ShopifyFulfillmentEvent, payload);
  const resource = `fulfillment/${event.fulfillment_id}`;
  if (event.status !== 'delivered')
    return {
      action: { kind: 'skip', reason: `fulfillment event "${event.status}": only "delivered" is a delivery` },
      resource,
    };
  return {
    action: {
      kind: 'order-event',
      orderId: String(event.order_id),
      type: 'order.delivered',
      occurredAt: eventTime([event.happened_at, event.created_at, triggeredAt], now),
    },
    resource,
  };
};

/** fulfillments/update (REST Fulfillment): the fields read. */
const ShopifyFulfillment = z
  .object({
    ...idFields,
    order_id: ShopifyIdValue,
    shipment_status: z.string().nullish(),
    updated_at: z.string().nullish(),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);

export const fulfillmentsUpdate: ShopifyTopic = (payload, { now, triggeredAt }) => {
  const fulfillment = parseOrThrow(ShopifyFulfillment, payload);
  const resource = `fulfillment/${exactId(fulfillment)}`;
  if (fulfillment.shipment_status !== 'delivered')
    return {
      action: {
        kind: 'skip',
        reason: `shipment status ${fulfillment.shipment_status ? `"${fulfillment.shipment_status}"` : 'not set'}: only "delivered" is a delivery`,
      },
      resource,
    };
  return {
    action: {
      kind: 'order-event',
      orderId: String(fulfillment.order_id),
      type: 'order.delivered',
      occurredAt: eventTime([fulfillment.updated_at, triggeredAt], now),
    },
    resource,
  };
};
