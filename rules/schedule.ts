import type { MessageStep } from '../definitions/journeySchema';
import type { SendWindowSetting } from '../definitions/sendingSchema';
import { addDays, addDuration } from './duration';
import type { CustomerState, JourneyRun, PlannedMessage } from './journeyState';
import { messageStepOf } from './journeyState';
import { customerZone, itemOffsetDays } from './planRun';
import { nextWindowOpening, openingOffset } from './sendWindow';
import { cancelMessage, resolveWait, skipMessage } from './transitions';
import { iso } from './iso';

/** When the step at `stepIndex` resolved (sent, skipped or waited out), or undefined while it has not. */
function stepResolvedAt(run: JourneyRun, stepIndex: number): number | undefined {
  const step = run.steps[stepIndex];
  if ('waitFor' in step) {
    const wait = run.waits.find((w) => w.stepIndex === stepIndex);
    return wait?.resolvedAt ? Date.parse(wait.resolvedAt) : undefined;
  }
  const messages = run.messages.filter((m) => m.stepIndex === stepIndex);
  if (messages.length === 0)
    // A step only an answer sends is passed over by "previous" while no answer asked for it.
    return step.at.from !== 'answer'
      ? anchorAt(run, stepIndex, step.at.from)
      : stepIndex > 0
        ? stepResolvedAt(run, stepIndex - 1)
        : Date.parse(run.order.placedAt);
  // Stryker disable next-line LogicalOperator,ConditionalExpression: every way out of pending sets resolvedAt (rules/transitions.ts), so either half alone decides
  if (messages.some((m) => m.status === 'pending' || !m.resolvedAt)) return undefined;
  return Math.max(...messages.map((m) => Date.parse(m.resolvedAt!)));
}

/** The instant a step's timing counts from, or undefined while it is not known yet. */
function anchorAt(
  run: JourneyRun,
  stepIndex: number,
  from: Exclude<MessageStep['at']['from'], 'answer'>,
): number | undefined {
  if (from === 'order') return Date.parse(run.order.placedAt);
  if (from === 'previous') return stepResolvedAt(run, stepIndex - 1);
  // The delivery, or the delivery wait's timeout when the store never reported one.
  // Stryker disable next-line EqualityOperator: a wait is a step of its own, never at the index of the message step
  const wait = [...run.waits].reverse().find((w) => w.stepIndex < stepIndex && w.event === 'order.delivered');
  return wait?.resolvedAt ? Date.parse(wait.resolvedAt) : undefined;
}

/**
 * Brings a run up to `now`: times out waits, dates every pending message whose anchor is known, skips messages
 * that can never be dated, and marks the run completed when nothing is left. Pure apart from mutating `run`.
 */
export function refreshRun(run: JourneyRun, now: number): void {
  if (run.status !== 'active') return;
  for (const wait of run.waits) {
    if (wait.resolvedAt || Date.parse(wait.deadline) > now) continue;
    resolveWait(wait, wait.deadline, 'timeout');
    const step = run.steps[wait.stepIndex];
    if ('waitFor' in step && step.waitFor.onTimeout === 'exit') {
      exitRun(run, Date.parse(wait.deadline), `no ${wait.event} within ${step.waitFor.timeout}`);
      return;
    }
  }
  // Steps are dated in order so that a "previous" anchor sees the step before it already resolved.
  for (const message of run.messages) {
    if (message.status !== 'pending') continue;
    const step = messageStepOf(run, message.stepIndex);
    const anchor =
      step.at.from === 'answer'
        ? (message.anchoredAt && Date.parse(message.anchoredAt)) || undefined
        : anchorAt(run, message.stepIndex, step.at.from);
    if (anchor === undefined) {
      delete message.dueAt;
      continue;
    }
    const zone = customerZone(run);
    let due = addDuration(anchor, step.at.after, zone);
    if (step.at.plusItemOffset) {
      const offset = itemOffsetDays(run, message.item);
      if (offset === undefined) {
        skipMessage(
          message,
          iso(Math.max(anchor, Date.parse(run.order.placedAt))),
          'no days of supply for this product',
        );
        continue;
      }
      due = addDays(due, offset, zone);
    }
    for (const later of message.postponedBy ?? []) due = addDuration(due, later, zone);
    if (message.notBefore) due = Math.max(due, Date.parse(message.notBefore));
    message.dueAt = iso(due);
  }
  const open = run.messages.some((m) => m.status === 'pending') || run.waits.some((w) => !w.resolvedAt);
  if (!open) run.status = 'completed';
}

/** Ends a run early: every message not yet sent is cancelled with the reason. */
export function exitRun(run: JourneyRun, at: number, reason: string): void {
  for (const message of run.messages) if (message.status === 'pending') cancelMessage(message, iso(at), reason);
  run.status = 'exited';
  run.exitReason = reason;
}

/** The send window a message step obeys: its own, else its journey's, else the store's. */
export function sendWindowFor(
  run: Pick<JourneyRun, 'steps' | 'sendWindow' | 'store'>,
  stepIndex: number,
): SendWindowSetting {
  const step = messageStepOf(run, stepIndex);
  return step.sendWindow ?? run.sendWindow ?? run.store.sending.window;
}

/**
 * `instant`, or when `instant` falls outside the message's send window, the next opening plus this customer's place
 * in the store's opening spread (absent on runs pinned before the setting existed: the opening itself).
 */
export function withinSendWindow(run: JourneyRun, message: PlannedMessage, instant: number): number {
  const window = sendWindowFor(run, message.stepIndex);
  if (window === 'anytime') return instant;
  const spread = (run.store.sending.openingSpreadMinutes as number | undefined) ?? 0;
  return nextWindowOpening(instant, window, customerZone(run), openingOffset(run.order.customer.id, spread));
}

/**
 * When a pending message can next go out: its due time (or the end of its deferral) moved into its send window.
 * The workflow sleeps straight to that instant: one timer per message, not one to the due time and another to the
 * window's opening (each timer is a billed action on Temporal Cloud).
 */
export function actionableAt(run: JourneyRun, message: PlannedMessage): number | undefined {
  if (message.status !== 'pending' || !message.dueAt) return undefined;
  const due = Date.parse(message.dueAt);
  return withinSendWindow(run, message, message.deferredUntil ? Math.max(due, Date.parse(message.deferredUntil)) : due);
}

/** Pending messages that are due at `now`, earliest first. */
export function dueMessages(state: CustomerState, now: number): { run: JourneyRun; message: PlannedMessage }[] {
  return state.runs
    .filter((run) => run.status === 'active')
    .flatMap((run) => run.messages.map((message) => ({ run, message, at: actionableAt(run, message) })))
    .filter(({ at }) => at !== undefined && at <= now)
    .sort((a, b) => a.at! - b.at! || a.message.stepIndex - b.message.stepIndex)
    .map(({ run, message }) => ({ run, message }));
}

/** The next instant something can happen without a signal: a message falls due or a wait times out. */
export function nextWakeAt(state: CustomerState): number | undefined {
  const instants = state.runs
    .filter((run) => run.status === 'active')
    .flatMap((run) => [
      ...run.messages.map((m) => actionableAt(run, m)).filter((at): at is number => at !== undefined),
      ...run.waits.filter((w) => !w.resolvedAt).map((w) => Date.parse(w.deadline)),
    ]);
  return instants.length ? Math.min(...instants) : undefined;
}
