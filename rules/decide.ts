import type { MessageStep } from '../definitions/journeySchema';
import { describeCondition, evaluate, factsFor } from './conditions';
import { marketingConsent } from './consent';
import { addDuration } from './duration';
import { describeCaps, nextCapSlot } from './frequencyCap';
import type { CustomerState, JourneyRun, MessageItem, PlannedMessage } from './journeyState';
import { itemSkus } from './messageItems';
import { customerZone, orderSkus } from './planRun';
import { sendWindowFor, withinSendWindow } from './schedule';
import { describeWindow, nextWindowOpening } from './sendWindow';

export type Decision =
  | { action: 'send' }
  | { action: 'skip'; reason: string }
  | { action: 'defer'; until: number; reason: string };

/** SKUs to recommend for a message: the complements of its product (or of the whole order), not already bought. */
export function recommendedSkus(run: JourneyRun, item: MessageItem, kind: 'crossSell' | 'upsell'): string[] {
  const bought = orderSkus(run.order).map((s) => s.sku);
  const sources = itemSkus(item) ?? bought;
  const skus = sources.flatMap((sku) => run.products[sku]?.[kind] ?? []);
  return [...new Set(skus)].filter((sku) => !bought.includes(sku) && run.products[sku]);
}

/** When this customer's earlier marketing messages went out, across all their journeys. */
export function marketingSentAt(state: CustomerState): number[] {
  return state.runs.flatMap((run) =>
    run.messages
      .filter((m) => m.status === 'sent' && (run.steps[m.stepIndex] as MessageStep).category === 'marketing')
      .map((m) => Date.parse(m.resolvedAt!)),
  );
}

/**
 * What happens to a message that has fallen due: sent now, skipped (and why), or deferred to the next moment the
 * frequency cap and the customer's send window allow. Rules in order: expiry, consent, conditions, something to
 * recommend, cap, window.
 */
export function decide(state: CustomerState, run: JourneyRun, message: PlannedMessage, now: number): Decision {
  const step = run.steps[message.stepIndex] as MessageStep;
  const zone = customerZone(run);
  // Expiry counts from when the message could first go out: a send window must never turn into a skip.
  const expiresAt = addDuration(withinSendWindow(run, message, Date.parse(message.dueAt!)), step.expireAfter, zone);
  // A deferred message was within its expiry when deferred.
  if (!message.deferredUntil && now > expiresAt)
    return { action: 'skip', reason: `expired: due ${message.dueAt}, more than ${step.expireAfter} ago` };
  if (step.category === 'marketing') {
    const consent = marketingConsent(state, run, now);
    if (!consent.allowed) return { action: 'skip', reason: consent.reason };
  }
  if (step.when && !evaluate(step.when, factsFor(state, run, message.item)))
    return { action: 'skip', reason: `condition not met: ${describeCondition(step.when)}` };
  if (step.recommend !== 'none' && recommendedSkus(run, message.item, step.recommend).length === 0)
    return { action: 'skip', reason: `no ${step.recommend === 'crossSell' ? 'cross-sell' : 'upsell'} products for this order` };

  let slot = now;
  const reasons: string[] = [];
  if (step.category === 'marketing') {
    const caps = run.store.sending.marketingCaps;
    const capSlot = nextCapSlot(marketingSentAt(state), now, caps);
    if (capSlot > now) {
      if (step.whenCapped === 'drop' || capSlot > expiresAt)
        return { action: 'skip', reason: `frequency cap (${describeCaps(caps)})` };
      slot = capSlot;
      reasons.push(`frequency cap (${describeCaps(caps)})`);
    }
  }
  const window = sendWindowFor(run, message.stepIndex);
  if (window !== 'anytime') {
    const opening = nextWindowOpening(slot, window, zone);
    if (opening > slot) {
      slot = opening;
      reasons.push(`outside send window ${describeWindow(window, zone)}`);
    }
  }
  return slot > now ? { action: 'defer', until: slot, reason: reasons.join('; ') } : { action: 'send' };
}
