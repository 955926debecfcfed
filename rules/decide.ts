import type { MessageStep } from '../definitions/journeySchema';
import { marketingHoldReason } from './answers';
import { evaluate, factsFor } from './conditions';
import { whyNotSent } from './explainCondition';
import { marketingConsent } from './consent';
import { addDuration } from './duration';
import { describeCaps, nextCapSlot } from './frequencyCap';
import type { CustomerState, JourneyRun, MessageItem, PlannedMessage } from './journeyState';
import { messageStepOf } from './journeyState';
import { ownedSkus } from './customerHistory';
import { itemSkus } from './messageItems';
import { customerZone, orderSkus } from './planRun';
import { sendWindowFor, withinSendWindow } from './schedule';
import { describeWindow } from './sendWindow';

/** Why a message was skipped, in one word the report groups by (the reason says it in full). */
export type SkipKind =
  | 'expired'
  | 'holdout'
  | 'consent'
  | 'answer'
  | 'condition'
  | 'nothing-to-recommend'
  | 'frequency-cap'
  | 'weekly-ceiling';

export type Decision =
  | { action: 'send' }
  | { action: 'skip'; kind: SkipKind; reason: string }
  | { action: 'defer'; until: number; reason: string };

/** What support reads for a held-out customer's marketing message. */
export const HELD_OUT_REASON =
  "held out: this customer is in the journey's control group, which gets no marketing from it";

/**
 * SKUs to recommend for a message: the complements of its product (or of the whole order) that the customer does not
 * own: not in this order, nor (unless the store's recommendOwnedProducts says so) among `ownedBefore`.
 */
export function recommendedSkus(
  run: JourneyRun,
  item: MessageItem,
  kind: 'crossSell' | 'upsell',
  // Stryker disable next-line ArrayDeclaration: a default holding a made-up SKU filters out no real product
  ownedBefore: string[] = [],
): string[] {
  const inOrder = orderSkus(run.order).map((s) => s.sku);
  const sources = itemSkus(item) ?? inOrder;
  // Stryker disable next-line ArrayDeclaration: a made-up SKU in place of "none" is not in the catalog, so it is filtered out below
  const skus = sources.flatMap((sku) => run.products[sku]?.[kind] ?? []);
  // Absent on runs pinned before the setting existed: they recommend as they always did.
  // Stryker disable next-line ArrayDeclaration: as above, a made-up SKU in the list filters out no real product
  const owned = run.store.sending.recommendOwnedProducts === false ? ownedBefore : [];
  return [...new Set(skus)].filter((sku) => !inOrder.includes(sku) && !owned.includes(sku) && run.products[sku]);
}

/** When this customer's earlier messages of steps that `counts` went out, across all their journeys. */
function sentAt(state: CustomerState, counts: (step: MessageStep) => boolean): number[] {
  return state.runs.flatMap((run) =>
    run.messages
      .filter((m) => m.status === 'sent' && counts(messageStepOf(run, m.stepIndex)))
      .map((m) => Date.parse(m.resolvedAt!)),
  );
}

const marketingSentAt = (state: CustomerState) => sentAt(state, (step) => step.category === 'marketing');
const ceilingCountedSentAt = (state: CustomerState) => sentAt(state, (step) => step.ceiling !== 'exempt');

/**
 * What happens to a message that has fallen due: sent now, skipped (and why), or deferred to the next moment the
 * frequency cap and the customer's send window allow. Rules in order: expiry, consent, conditions, something to
 * recommend, cap, window.
 */
export function decide(state: CustomerState, run: JourneyRun, message: PlannedMessage, now: number): Decision {
  const step = messageStepOf(run, message.stepIndex);
  const zone = customerZone(run);
  // Expiry counts from when the message could first go out: a send window must never turn into a skip.
  const expiresAt = addDuration(withinSendWindow(run, message, Date.parse(message.dueAt!)), step.expireAfter, zone);
  // A deferred message was within its expiry when deferred.
  if (!message.deferredUntil && now > expiresAt)
    return {
      action: 'skip',
      kind: 'expired',
      reason: `expired: due ${message.dueAt}, more than ${step.expireAfter} ago`,
    };
  if (step.category === 'marketing') {
    if (run.heldOut) return { action: 'skip', kind: 'holdout', reason: HELD_OUT_REASON };
    const consent = marketingConsent(state, run, now);
    if (!consent.allowed) return { action: 'skip', kind: 'consent', reason: consent.reason };
    const held = marketingHoldReason(state, run, message.item, now);
    if (held) return { action: 'skip', kind: 'answer', reason: held };
  }
  if (step.when) {
    const facts = factsFor(state, run, message.item, now);
    if (!evaluate(step.when, facts))
      return { action: 'skip', kind: 'condition', reason: whyNotSent(step.when, facts, step.id) };
  }
  if (step.recommend !== 'none' && recommendedSkus(run, message.item, step.recommend, ownedSkus(state)).length === 0)
    return {
      action: 'skip',
      kind: 'nothing-to-recommend',
      reason: `no ${step.recommend === 'crossSell' ? 'cross-sell' : 'upsell'} products for this order`,
    };

  let slot = now;
  const reasons: string[] = [];
  if (step.category === 'marketing') {
    const caps = run.store.sending.marketingCaps;
    const capSlot = nextCapSlot(marketingSentAt(state), now, caps);
    if (capSlot > now) {
      if (step.whenCapped === 'drop' || capSlot > expiresAt)
        return { action: 'skip', kind: 'frequency-cap', reason: `frequency cap (${describeCaps(caps)})` };
      slot = capSlot;
      reasons.push(`frequency cap (${describeCaps(caps)})`);
    }
  }
  // Absent on runs pinned before the ceiling existed.
  const ceiling = run.store.sending.maxMessagesPerWeek as number | undefined;
  if (ceiling !== undefined && step.ceiling !== 'exempt') {
    const ceilingSlot = nextCapSlot(ceilingCountedSentAt(state), slot, { minHoursBetween: 0, maxPerWeek: ceiling });
    if (ceilingSlot > slot) {
      const reason = `weekly ceiling (${ceiling} messages per 7 days)`;
      if (step.whenCapped === 'drop' || ceilingSlot > expiresAt)
        return { action: 'skip', kind: 'weekly-ceiling', reason };
      slot = ceilingSlot;
      reasons.push(reason);
    }
  }
  const window = sendWindowFor(run, message.stepIndex);
  if (window !== 'anytime') {
    const opening = withinSendWindow(run, message, slot);
    if (opening > slot) {
      slot = opening;
      reasons.push(`outside send window ${describeWindow(window, zone)}`);
    }
  }
  return slot > now ? { action: 'defer', until: slot, reason: reasons.join('; ') } : { action: 'send' };
}
