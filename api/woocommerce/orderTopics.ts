import { JourneyEvent, type JourneyEventType } from '../../domain/events';
import { Order } from '../../domain/order';
import { implausibleInstant } from '../../domain/plausibleTime';
import { ApiError, parseOrThrow } from '../errors';
import { type JourneyGateway, JourneyNotFoundError } from '../journeyGateway';
import { mapWooOrder, wooCustomerId, wooStatusEvent } from './mapOrder';
import type { WooOrder } from './wooOrderSchema';

/** What a delivery did: reached a journey (with the event it reported, if any), or why it changed nothing. */
export type TopicAnswer = { workflowId: string; event?: JourneyEventType } | { skipped: string };

export interface OrderTopicContext {
  gateway: JourneyGateway;
  storeId: string;
  /** AFTERGLOW_EMAIL_HASH_SECRET: keys guest customers' ids (mapOrder.ts). */
  guestKey: string | undefined;
  now: number;
}

/**
 * Statuses in which a new order gets no journey: not paid yet ("pending": a redirect gateway such as PayPal has not
 * confirmed; WooCommerce cancels it if it never does), failed, or already over. A pending order is placed by the
 * `order.updated` that reports it paid.
 */
const NOT_PLACED = new Set(['pending', 'failed', 'cancelled', 'refunded', 'checkout-draft', 'auto-draft', 'trash']);
/** Statuses an order reaches once paid or accepted for manual payment (bank transfer, cheque). */
const PAID = new Set(['processing', 'on-hold']);
/**
 * How long after its creation an `order.updated` to a paid status still places an order: long enough for a slow
 * payment, short enough that editing an order from before Afterglow was connected starts no journey for it.
 */
const LATE_PAYMENT_WINDOW_MS = 3 * 86_400_000;

/** A store-reported time that cannot be true (from the future, or before 2000) is refused by its WooCommerce name. */
function checkInstant(iso: string, field: string, now: number): void {
  const problem = implausibleInstant(iso, now);
  if (problem) throw new ApiError(400, 'invalid_request', '1 invalid field', [{ path: field, message: problem }]);
}

async function report(order: WooOrder, ctx: OrderTopicContext): Promise<TopicAnswer> {
  const status = wooStatusEvent(order);
  if (!status) return { skipped: `status "${order.status}" changes nothing in the journey` };
  const customer = wooCustomerId(order, ctx.guestKey);
  if ('skipped' in customer) return customer;
  checkInstant(status.occurredAt, status.field, ctx.now);
  const event = parseOrThrow(JourneyEvent, {
    type: status.type,
    storeId: ctx.storeId,
    customerId: customer.customerId,
    orderId: String(order.id),
    occurredAt: status.occurredAt,
  });
  try {
    // A status delivered again (every later edit of the order repeats it) is ignored by the journey.
    const { workflowId } = await ctx.gateway.reportEvent(event);
    return { workflowId, event: event.type };
  } catch (err) {
    // Still 200: WooCommerce disables a webhook after repeated failures, and this delivery is valid.
    if (err instanceof JourneyNotFoundError)
      return { skipped: 'the customer has no journey (the order was never placed here)' };
    throw err;
  }
}

async function place(order: WooOrder, ctx: OrderTopicContext): Promise<TopicAnswer> {
  const mapped = mapWooOrder(order, ctx.storeId, ctx.guestKey);
  if ('skipped' in mapped) return mapped;
  checkInstant(order.date_created_gmt, 'date_created_gmt', ctx.now);
  // A redelivered or already placed order is ignored by the journey.
  const { workflowId } = await ctx.gateway.placeOrder(parseOrThrow(Order, mapped.order));
  // Completed at once (a virtual order), or completed before its creation was delivered: the delivery counts too.
  return order.status === 'completed' ? report(order, ctx) : { workflowId };
}

/** `order.created` places the order; `order.updated` reports its status (or places an order paid after creation). */
export async function handleOrderTopic(
  topic: 'order.created' | 'order.updated',
  order: WooOrder,
  ctx: OrderTopicContext,
): Promise<TopicAnswer> {
  if (topic === 'order.created')
    return NOT_PLACED.has(order.status)
      ? { skipped: `status "${order.status}": the order gets its journey once paid` }
      : place(order, ctx);
  if (!PAID.has(order.status)) return report(order, ctx);
  if (ctx.now - Date.parse(order.date_created_gmt) > LATE_PAYMENT_WINDOW_MS)
    return {
      skipped: `status "${order.status}" of an order created over ${LATE_PAYMENT_WINDOW_MS / 86_400_000} days ago: no journey starts that late`,
    };
  return place(order, ctx);
}
