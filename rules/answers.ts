import { type AnswerSignal, ratingOf } from '../domain/answers';
import type { Step } from '../definitions/journeySchema';
import type { Reaction } from '../definitions/reactionSchema';
import { log } from './applySignals';
import { evaluate, factsFor } from './conditions';
import { addDuration } from './duration';
import type { AnswerRecord, CustomerState, JourneyRun, MessageItem } from './journeyState';
import { isMessageStep } from './journeyState';
import { itemSkus } from './messageItems';
import { customerZone, orderSkus } from './planRun';
import { iso } from './iso';

/** Answers kept in the journey state (newest); the database keeps all of them. */
const ANSWER_LIMIT = 50;

/** An answer that asks for the store's support team to look at it now. */
export interface AlertRequest {
  answerId: number;
  orderId: string;
  /** "rated 2/5", "answered didnt-work". */
  reason: string;
}

/** "rated 2/5" or "answered still-have-some": how an answer is named in reasons and logs (ids and choices only). */
export function describeAnswer(answer: Pick<AnswerSignal, 'question' | 'choice' | 'sku'>): string {
  const rating = ratingOf(answer);
  const what = rating !== undefined ? `rated ${rating}/5` : `answered ${answer.choice}`;
  return answer.sku ? `${what} (${answer.sku})` : what;
}

/** The run that sent the message answered, else the order's newest run that reacts to answers. */
function runOf(state: CustomerState, answer: AnswerSignal): JourneyRun | undefined {
  const ofOrder = state.runs.filter((r) => r.orderId === answer.orderId);
  return (
    ofOrder.find((r) => r.messages.some((m) => m.key === answer.messageKey)) ??
    ofOrder.filter((r) => r.reactions?.length).at(-1)
  );
}

/**
 * Records an answer and applies the reactions of the journey that asked (its `onAnswer`, as pinned at the start):
 * holds on marketing, answer-timed steps planned, pending steps postponed. Returns what the support team must be
 * told. A repeated answer replaces the earlier one in the record; what the earlier one changed stays changed.
 */
export function recordAnswer(state: CustomerState, answer: AnswerSignal, now: number): AlertRequest[] {
  const record: AnswerRecord = { at: answer.answeredAt, ...answer, changes: [] };
  const same = (a: AnswerRecord) =>
    a.messageKey === answer.messageKey && a.question === answer.question && a.sku === answer.sku;
  state.answers = [...(state.answers ?? []).filter((a) => !same(a)), record].slice(-ANSWER_LIMIT);
  const run = runOf(state, answer);
  const alerts: AlertRequest[] = [];
  if (run) {
    const item: MessageItem = answer.sku ? { kind: 'product', sku: answer.sku } : null;
    const facts = { ...factsFor(state, run, item, now), rating: ratingOf(answer), answer: [answer.choice] };
    for (const reaction of run.reactions ?? [])
      if (evaluate(reaction.when, facts))
        record.changes.push(...applyReaction(state, run, reaction, answer, now, alerts));
  }
  const changed = record.changes.length ? `: ${record.changes.join('; ')}` : '';
  log(state, {
    at: iso(now),
    kind: 'answer',
    orderId: answer.orderId,
    messageKey: answer.messageKey,
    detail: `${describeAnswer(answer)}${changed}`,
  });
  return alerts;
}

function applyReaction(
  state: CustomerState,
  run: JourneyRun,
  reaction: Reaction,
  answer: AnswerSignal,
  now: number,
  alerts: AlertRequest[],
): string[] {
  const changes: string[] = [];
  const reason = describeAnswer(answer);
  const at = iso(now);
  if (reaction.stopMarketing === 'order') {
    (state.marketingHolds ??= []).push({ orderId: run.orderId, reason, at });
    changes.push(`no more marketing about order ${run.orderId}`);
  } else if (reaction.stopMarketing) {
    const until = iso(addDuration(now, reaction.stopMarketing.product, customerZone(run)));
    const skus = answer.sku ? [answer.sku] : orderSkus(run.order).map((s) => s.sku);
    for (const sku of skus) (state.marketingHolds ??= []).push({ sku, until, reason, at });
    changes.push(`no marketing about ${skus.join(', ')} until ${until}`);
  }
  // A journey that ended (a refund, a reorder, support) is not revived by an answer: holds and alerts still apply.
  if (run.status !== 'exited') {
    for (const stepId of reaction.send) if (planAnswerMessage(run, stepId, answer)) changes.push(`${stepId} planned`);
    if (reaction.postpone) changes.push(...postpone(run, reaction.postpone, now));
  }
  if (reaction.alert) {
    alerts.push({ answerId: answer.answerId, orderId: run.orderId, reason });
    changes.push('support alerted');
  }
  return changes;
}

/**
 * Moves the steps later: their pending messages by `by`; a step that already went out is planned once more, `by`
 * after the answer ("I still have some left": remind me again in a month).
 */
function postpone(run: JourneyRun, { steps, by }: NonNullable<Reaction['postpone']>, now: number): string[] {
  const changes: string[] = [];
  for (const stepId of steps) {
    const messages = run.messages.filter((m) => m.stepId === stepId);
    const pending = messages.filter((m) => m.status === 'pending');
    for (const message of pending) message.postponedBy = [...(message.postponedBy ?? []), by];
    if (pending.length) {
      changes.push(`${stepId} moved ${by} later`);
      continue;
    }
    const sent = messages.filter((m) => m.status === 'sent' && !m.key.endsWith('/again'));
    if (!sent.length || messages.some((m) => m.key.endsWith('/again'))) continue;
    const notBefore = iso(addDuration(now, by, customerZone(run)));
    for (const { stepIndex, item, key } of sent)
      run.messages.push({ key: `${key}/again`, stepIndex, stepId, item, status: 'pending', notBefore });
    run.status = 'active';
    changes.push(`${stepId} again from ${notBefore}`);
  }
  return changes;
}

/** Plans one message of a step timed from the answer (once per product answered about); false if it already was. */
function planAnswerMessage(run: JourneyRun, stepId: string, answer: AnswerSignal): boolean {
  const stepIndex = run.steps.findIndex((s) => s.id === stepId);
  // Not there, or a wait (journeySchema's checkReactions lets a reaction send only message steps timed from it).
  const step: Step | undefined = run.steps[stepIndex];
  if (!step || !isMessageStep(step)) return false;
  const item: MessageItem = answer.sku && step.forEach !== 'order' ? { kind: 'product', sku: answer.sku } : null;
  const key = `${run.key}/${stepId}/${itemSkus(item)?.[0] ?? 'order'}`;
  if (run.messages.some((m) => m.key === key)) return false;
  run.messages.push({ key, stepIndex, stepId, item, status: 'pending', anchoredAt: answer.answeredAt });
  // A run that had finished comes back to life for the follow-up.
  run.status = 'active';
  return true;
}

/** Why marketing about this message must not go (an answer held it back), or undefined. */
export function marketingHoldReason(
  state: CustomerState,
  run: JourneyRun,
  item: MessageItem,
  now: number,
): string | undefined {
  const skus = itemSkus(item) ?? orderSkus(run.order).map((s) => s.sku);
  const hold = (state.marketingHolds ?? []).find(
    (h) =>
      (h.orderId === run.orderId || (h.sku !== undefined && skus.includes(h.sku))) &&
      (!h.until || now < Date.parse(h.until)),
  );
  return hold && `held back: the customer ${hold.reason}`;
}
