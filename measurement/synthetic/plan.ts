import type { SyntheticProduct } from './products';
import { DAY, HOUR, MINUTE } from './constants';

/** One order's journey run as far as the messages go: what post-purchase.yaml would plan for it. */
export interface RunShape {
  orderId: string;
  placedAt: number;
  firstOrder: boolean;
  products: SyntheticProduct[];
  /** The delivery event, if the store sent one; the journey falls back to placedAt + 10 days without. */
  deliveredAt?: number;
  /** The customer's next order (Infinity if none): steps with `exitOn: [order.reordered]` stop there. */
  nextOrderAt: number;
  /** The refund (Infinity if none): the whole run exits there. */
  refundedAt: number;
}

export interface PlannedStep {
  orderId: string;
  stepId: string;
  category: 'service' | 'marketing';
  /** The message key's item part: `order`, a SKU, or `SKU#milestone` (rules/messageItems.ts). */
  item: string;
  due: number;
  /** Sent at once, whatever the hour (`sendWindow: anytime`). */
  anytime?: boolean;
  /** Why the step's `when` does not hold, if it does not. */
  conditionFails?: string;
  /** The run exits (refund) or the step is cancelled (reorder) here: nothing is recorded from then on. */
  endsAt: number;
}

/**
 * The steps of post-purchase.yaml for one order, with their due times. A repeat order is a reorder of the same
 * products, so the steps for new products (how-to, milestones, cross-sell) and feedback are skipped by condition,
 * as the journey does within a year; `reviewed` stands for a customer who already reviewed (feedback skipped).
 */
export function planRun(run: RunShape, reviewed: boolean): PlannedStep[] {
  const anchor = run.deliveredAt ?? run.placedAt + 10 * DAY;
  const known = run.firstOrder ? undefined : 'bought within the last 365 days';
  const steps: PlannedStep[] = [];
  const add = ({ exitOnReorder, ...step }: Omit<PlannedStep, 'orderId' | 'endsAt'> & { exitOnReorder?: boolean }) =>
    steps.push({
      ...step,
      orderId: run.orderId,
      endsAt: Math.min(run.refundedAt, exitOnReorder ? run.nextOrderAt : Infinity),
    });

  add({
    stepId: run.firstOrder ? 'reassurance' : 'thanks-again',
    category: 'service',
    item: 'order',
    due: run.placedAt + 2 * MINUTE,
    anytime: true,
  });
  for (const p of run.products)
    add({ stepId: 'how-to', category: 'service', item: p.sku, due: anchor + 2 * HOUR, conditionFails: known });
  if (run.firstOrder && !run.deliveredAt)
    add({ stepId: 'delivery-check', category: 'service', item: 'order', due: anchor + 3 * DAY });
  for (const p of run.products)
    p.milestoneWeeks.forEach((week, index) =>
      add({
        stepId: 'milestone',
        category: 'service',
        item: `${p.sku}#${index}`,
        due: anchor + week * 7 * DAY,
        conditionFails: known,
      }),
    );
  add({ stepId: 'cross-sell', category: 'marketing', item: 'order', due: anchor + 10 * DAY, conditionFails: known });
  const feedbackSkip = known ? 'feedback asked within the last 365 days' : reviewed ? 'already reviewed' : undefined;
  add({ stepId: 'feedback', category: 'service', item: 'order', due: anchor + 21 * DAY, conditionFails: feedbackSkip });
  add({ stepId: 'upsell', category: 'marketing', item: 'order', due: anchor + 35 * DAY, exitOnReorder: true });
  for (const p of run.products)
    if (p.daysOfSupply)
      add({
        stepId: 'refill',
        category: 'marketing',
        item: p.sku,
        due: anchor + (p.daysOfSupply - 5) * DAY,
        exitOnReorder: true,
      });
  const supply = Math.max(0, ...run.products.map((p) => p.daysOfSupply ?? 0));
  add({
    stepId: 'win-back',
    category: 'marketing',
    item: 'order',
    due: anchor + (supply + 21) * DAY,
    exitOnReorder: true,
  });
  return steps;
}
