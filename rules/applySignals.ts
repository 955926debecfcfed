import type { ExitEvent } from '../definitions/journeySchema';
import type { JourneyEvent, RefundDetails } from '../domain/events';
import type { Order } from '../domain/order';
import { supersedes } from './consent';
import type { CustomerState, JourneyRun, LogEntry, MarketingPreference, OrderRecord } from './journeyState';
import { LOG_LIMIT, messageStepOf } from './journeyState';
import { orderSkus, planRun, type RunPlan } from './planRun';
import { describeRefund, endRefundedItems, refundOutcome } from './refunds';
import { exitRun } from './schedule';
import { cancelMessage, resolveWait } from './transitions';

export function log(state: CustomerState, entry: LogEntry): void {
  state.log.push(entry);
  if (state.log.length > LOG_LIMIT) state.log.splice(0, state.log.length - LOG_LIMIT);
}

/** Cancels the messages of a run that end on `event`; the whole run ends when its journey says so. */
function applyExit(run: JourneyRun, event: ExitEvent, at: number, reason: string): void {
  if (run.status !== 'active') return;
  if (run.exitOn.includes(event)) return exitRun(run, at, reason);
  for (const message of run.messages) {
    const step = messageStepOf(run, message.stepIndex);
    if (message.status === 'pending' && step.exitOn.includes(event))
      cancelMessage(message, new Date(at).toISOString(), reason);
  }
}

/**
 * Records a newly placed order. Returns false for an order already seen (a redelivered webhook): nothing changes.
 * Earlier orders' messages that end on a reorder (win-back, refill) are cancelled.
 */
export function recordOrder(state: CustomerState, order: Order, now: number): boolean {
  if (state.orders.some((o) => o.orderId === order.orderId)) {
    log(state, {
      at: new Date(now).toISOString(),
      kind: 'ignored',
      orderId: order.orderId,
      detail: 'order already received',
    });
    return false;
  }
  const { orderId, placedAt, total, currency } = order;
  state.orders.push({ orderId, placedAt, total, currency, skus: orderSkus(order).map((s) => s.sku) });
  state.contact = order.customer;
  log(state, { at: new Date(now).toISOString(), kind: 'order', orderId, detail: `order placed at ${placedAt}` });
  for (const run of state.runs)
    if (Date.parse(run.order.placedAt) < Date.parse(placedAt))
      applyExit(run, 'order.reordered', now, `customer reordered (order ${orderId})`);
  return true;
}

/** Starts the journeys the planning activity matched for a new order. */
export function startRuns(state: CustomerState, order: Order, plans: RunPlan[]): void {
  for (const plan of plans) state.runs.push(planRun(plan, order));
}

/**
 * Applies a store event. Repeats and events for unknown orders are logged and change nothing. `partialRefunds`: a
 * refund that names its products ends only theirs (rules/refunds.ts); journeys that heard of such a refund before
 * this existed replay it as a refund of the whole order, as they ran.
 */
export function recordEvent(state: CustomerState, event: JourneyEvent, now: number, partialRefunds = false): void {
  const at = new Date(now).toISOString();
  const record = state.orders.find((o) => o.orderId === event.orderId);
  if (!record) {
    log(state, { at, kind: 'ignored', orderId: event.orderId, detail: `${event.type} for an unknown order` });
    return;
  }
  if (event.type === 'order.refunded' && event.refund && partialRefunds && !record.refundedAt)
    return recordRefund(state, record, event, event.refund, now);
  const field = (
    {
      'order.delivered': 'deliveredAt',
      'order.refunded': 'refundedAt',
      'order.cancelled': 'cancelledAt',
      'review.submitted': 'reviewedAt',
    } as const
  )[event.type];
  if (record[field]) {
    log(state, { at, kind: 'ignored', orderId: event.orderId, detail: `${event.type} already received` });
    return;
  }
  record[field] = event.occurredAt;
  log(state, { at, kind: 'event', orderId: event.orderId, detail: `${event.type} at ${event.occurredAt}` });
  applyOrderEvent(state, event, now);
}

function applyOrderEvent(state: CustomerState, event: JourneyEvent, now: number): void {
  for (const run of state.runs.filter((r) => r.orderId === event.orderId)) {
    if (event.type === 'order.delivered' || event.type === 'review.submitted') {
      // A late delivery still counts: pending delivery-timed messages move to the real delivery.
      for (const wait of run.waits.filter((w) => w.event === event.type)) resolveWait(wait, event.occurredAt, 'event');
    } else {
      applyExit(run, event.type, now, `${event.type} (order ${event.orderId})`);
    }
  }
}

/** A refund with details: a repeat changes nothing, a refund of the whole order ends it, a partial one its products' messages. */
function recordRefund(
  state: CustomerState,
  record: OrderRecord,
  event: JourneyEvent,
  details: RefundDetails,
  now: number,
): void {
  const at = new Date(now).toISOString();
  const refund = describeRefund(details, record.currency);
  const { outcome, refunds } = refundOutcome(state, record, details, event.occurredAt);
  if (outcome.kind === 'repeat') {
    log(state, { at, kind: 'ignored', orderId: event.orderId, detail: `${refund} already received` });
    return;
  }
  record.refunds = refunds;
  if (outcome.kind === 'whole-order') {
    record.refundedAt = event.occurredAt;
    log(state, {
      at,
      kind: 'event',
      orderId: event.orderId,
      detail: `order.refunded at ${event.occurredAt} (${refund}): the whole order, ${outcome.why}`,
    });
    applyOrderEvent(state, event, now);
    return;
  }
  const reason = `order.refunded in part (order ${event.orderId}, ${refund})`;
  const ended = state.runs
    .filter((r) => r.orderId === event.orderId)
    .flatMap((run) => endRefundedItems(run, outcome.refundedSkus, now, reason));
  const products = outcome.refundedSkus.length
    ? `products refunded: ${outcome.refundedSkus.join(', ')}`
    : 'no product refunded in full';
  const messages = ended.length ? `${ended.length} message(s) about them end` : 'no message ends';
  log(state, {
    at,
    kind: 'event',
    orderId: event.orderId,
    detail: `order.refunded in part at ${event.occurredAt} (${refund}): ${products}; ${messages}`,
  });
}

/**
 * Records the customer's explicit marketing choice; pending marketing messages check it when they fall due.
 * `customerWins`: the rule of rules/consent.ts (a customer's own "no" outlasts a store's report). Journeys that
 * recorded consent before it existed replay with the plain "later wins" they ran with.
 */
export function recordConsent(
  state: CustomerState,
  incoming: MarketingPreference,
  now: number,
  customerWins = true,
): void {
  const { status, until, at, source, optInLevel } = incoming;
  const stands = customerWins
    ? supersedes(state.marketing, incoming)
    : !state.marketing || Date.parse(state.marketing.at) <= Date.parse(at);
  if (!stands) {
    log(state, {
      at: new Date(now).toISOString(),
      kind: 'ignored',
      detail: `marketing ${status} from ${source} does not override the current choice (${state.marketing!.status} from ${state.marketing!.source})`,
    });
    return;
  }
  state.marketing = incoming;
  log(state, {
    at: new Date(now).toISOString(),
    kind: 'consent',
    detail: `marketing ${status}${until ? ` until ${until}` : ''} (${source}${optInLevel ? `, ${optInLevel} opt-in` : ''})`,
  });
}
