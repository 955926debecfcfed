import type { MessageStep } from '../definitions/journeySchema';
import { describeCondition, evaluate, factsFor } from './conditions';
import type { CustomerState, JourneyRun, MessageItem, PlannedMessage } from './journeyState';
import { orderSkus } from './planRun';

export type Decision = { send: true } | { send: false; reason: string };

/** SKUs to recommend for a message: the complements of its product (or of the whole order), not already bought. */
export function recommendedSkus(run: JourneyRun, item: MessageItem, kind: 'crossSell' | 'upsell'): string[] {
  const bought = orderSkus(run.order).map((s) => s.sku);
  const sources = item ? [item.sku] : bought;
  const skus = sources.flatMap((sku) => run.products[sku]?.[kind] ?? []);
  return [...new Set(skus)].filter((sku) => !bought.includes(sku) && run.products[sku]);
}

/** Whether a message that has fallen due goes out, and if not, why (recorded in the journey log). */
export function decide(state: CustomerState, run: JourneyRun, message: PlannedMessage): Decision {
  const step = run.steps[message.stepIndex] as MessageStep;
  if (step.category === 'marketing' && !state.contact.acceptsMarketing)
    return { send: false, reason: 'no marketing consent' };
  if (step.when && !evaluate(step.when, factsFor(state, run, message.item)))
    return { send: false, reason: `condition not met: ${describeCondition(step.when)}` };
  if (step.recommend !== 'none' && recommendedSkus(run, message.item, step.recommend).length === 0)
    return { send: false, reason: `no ${step.recommend === 'crossSell' ? 'cross-sell' : 'upsell'} products for this order` };
  return { send: true };
}
