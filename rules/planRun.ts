import type { Product } from '../definitions/catalogSchema';
import type { JourneyDefinition, MessageStep } from '../definitions/journeySchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { Order } from '../domain/order';
import { addDuration } from './duration';
import type { JourneyRun, MessageItem, PlannedMessage, SingleItem, WaitRecord } from './journeyState';
import { combineItems, itemKey } from './messageItems';

/** What the planning activity hands the workflow for one matching journey: everything pinned at the start. */
export interface RunPlan {
  journey: JourneyDefinition;
  version: string;
  /** The adopted content set the journey came from: its templates render the run's messages (definitions/contentSets.ts). */
  contentSet?: string;
  store: StoreSettings;
  products: Record<string, Product>;
  /** The customer is in the journey's held-out group: none of its marketing messages go out (measurement/holdout.ts). */
  heldOut?: boolean;
}

/** Distinct SKUs of the order with their summed quantity, in order of appearance. */
export function orderSkus(order: Order): { sku: string; quantity: number }[] {
  const bySku = new Map<string, number>();
  for (const line of order.lineItems) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/** Days one order of this SKU lasts, or undefined for durable goods and unknown products. */
export function supplyDays(products: Record<string, Product>, sku: string, quantity: number): number | undefined {
  const days = products[sku]?.daysOfSupply;
  return days === undefined ? undefined : days * quantity;
}

/** The item's own offset in days (milestone week, days of supply), or undefined when it has none. */
export function itemOffsetDays(run: Pick<JourneyRun, 'order' | 'products'>, item: MessageItem): number | undefined {
  const skus = orderSkus(run.order);
  if (item === null) {
    const days = skus
      .map((s) => supplyDays(run.products, s.sku, s.quantity))
      .filter((d): d is number => d !== undefined);
    return days.length ? Math.max(...days) : undefined;
  }
  // A combined message's items share their offset (rules/messageItems.ts `combineItems`).
  if (item.kind === 'combined') return itemOffsetDays(run, item.items[0]);
  if (item.kind === 'milestone') return run.products[item.sku].milestones[item.index].week * 7;
  const quantity = skus.find((s) => s.sku === item.sku)?.quantity ?? 1;
  return supplyDays(run.products, item.sku, quantity);
}

/** The zone the customer lives in: theirs when the store sent it (or their address gave it), else the store's. */
export function customerZone(run: Pick<JourneyRun, 'order' | 'store'>): string {
  return run.order.customer.timezone ?? run.store.timezone;
}

/** The customer's zone and where it came from, for support: "Asia/Tokyo (from the shipping address)". */
export function describeZone(
  customer: Pick<Order['customer'], 'timezone' | 'timezoneSource'>,
  storeZone: string | undefined,
): string {
  if (customer.timezone)
    return `${customer.timezone} (${customer.timezoneSource === 'address' ? 'from the address' : 'sent by the store'})`;
  return storeZone ? `${storeZone} (the store's: the order gave no zone or address)` : "the store's zone";
}

function itemsFor(step: MessageStep, order: Order, plan: RunPlan): MessageItem[] {
  if (step.forEach === 'order') return [null];
  const skus = orderSkus(order);
  const items: SingleItem[] =
    step.forEach === 'product'
      ? skus.map(({ sku }) => ({ kind: 'product', sku }))
      : skus.flatMap(({ sku }) =>
          (plan.products[sku]?.milestones ?? []).map((_, index): SingleItem => ({ kind: 'milestone', sku, index })),
        );
  // Absent in store settings pinned before the setting existed: those runs keep one message per item.
  const limit = plan.store.sending.combineProductMessagesAbove;
  // Items fall due on different days only through their own offset, when the step adds it.
  return combineItems(items, limit, (item) =>
    step.at.plusItemOffset ? itemOffsetDays({ order, products: plan.products }, item) : 0,
  );
}

/** A new journey run for an order: every message expanded per product and milestone, nothing scheduled yet. */
export function planRun(plan: RunPlan, order: Order): JourneyRun {
  const key = `${order.orderId}/${plan.journey.id}`;
  const placedAt = Date.parse(order.placedAt);
  const messages: PlannedMessage[] = [];
  const waits: WaitRecord[] = [];
  plan.journey.steps.forEach((step, stepIndex) => {
    if ('waitFor' in step) {
      const deadline = new Date(
        addDuration(placedAt, step.waitFor.timeout, customerZone({ order, store: plan.store })),
      ).toISOString();
      waits.push({ stepIndex, stepId: step.id, event: step.waitFor.event, deadline });
      return;
    }
    // Steps timed from an answer are planned when an answer asks for them (rules/answers.ts).
    if (step.at.from === 'answer') return;
    for (const item of itemsFor(step, order, plan)) {
      messages.push({ key: `${key}/${step.id}/${itemKey(item)}`, stepIndex, stepId: step.id, item, status: 'pending' });
    }
  });
  return {
    key,
    journeyId: plan.journey.id,
    version: plan.version,
    ...(plan.contentSet && { contentSet: plan.contentSet }),
    orderId: order.orderId,
    order,
    exitOn: plan.journey.exitOn,
    sendWindow: plan.journey.sendWindow,
    steps: plan.journey.steps,
    store: plan.store,
    products: plan.products,
    // Definitions pinned before onAnswer existed (in journeys' histories) have none.
    ...(plan.journey.onAnswer?.length && { reactions: plan.journey.onAnswer }),
    ...(plan.heldOut && { heldOut: true }),
    messages,
    waits,
    status: 'active',
  };
}
