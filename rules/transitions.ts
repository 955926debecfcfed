import type { JourneyRun, MessageStatus, PlannedMessage, WaitRecord } from './journeyState';

/**
 * Every change to a planned message, a wait or a run's plan goes through one of these. The state lives for years
 * (carried across continue-as-new, replayed from histories), so each change is a function that takes exactly the
 * fields it sets, typed with the state's own types: a misspelt status, a time in milliseconds where the state holds
 * an ISO string, a field the record does not have, fails `tsc`, where `Object.assign(message, {...})` took anything.
 *
 * They change the object in place, as the workflow always has: a message is reached through its run in
 * `state.runs`, and callers hold it by reference. Each sets its fields in the order the workflow always set them: a
 * field a record does not have yet is added at the end, and the state is JSON, so the order is part of what running
 * workflows and the recorded histories (test/histories) hold. A field set to `undefined` is still set (it becomes
 * the record's own field, at that place), as `Object.assign` did.
 */

/** How a message ends without going out: it cannot be `pending` again, and `sent` needs its Message-ID (`markSent`). */
export type ClosedStatus = Exclude<MessageStatus, 'pending' | 'sent'>;

/** How a wait ended: the event came, or its deadline passed. */
export type WaitOutcome = NonNullable<WaitRecord['outcome']>;

/** The message went out at `resolvedAt` (ISO) under `messageId`. */
export function markSent(message: PlannedMessage, resolvedAt: string, messageId: string): void {
  message.status = 'sent';
  message.resolvedAt = resolvedAt;
  message.messageId = messageId;
}

/**
 * Counts the message as sent at `resolvedAt`, without a Message-ID: only on a copy of a run, to date the steps that
 * follow it (rules/importedOrders.ts `projectedDueTimes`). Nothing went out.
 */
export function assumeSent(message: PlannedMessage, resolvedAt: string): void {
  message.status = 'sent';
  message.resolvedAt = resolvedAt;
}

/** The message ends at `resolvedAt` (ISO) without going out: skipped, failed or cancelled, and why. */
export function closeMessage(message: PlannedMessage, status: ClosedStatus, resolvedAt: string, reason: string): void {
  message.status = status;
  message.resolvedAt = resolvedAt;
  message.reason = reason;
}

/** The message is skipped at `resolvedAt`: a rule, an answer or support decided it must not go. */
export function skipMessage(message: PlannedMessage, resolvedAt: string, reason: string): void {
  closeMessage(message, 'skipped', resolvedAt, reason);
}

/** The message is cancelled at `resolvedAt`: its journey, or its step, ended (a reorder, a refund, an exit). */
export function cancelMessage(message: PlannedMessage, resolvedAt: string, reason: string): void {
  closeMessage(message, 'cancelled', resolvedAt, reason);
}

/** The message stays pending until `deferredUntil` (ISO): its send window, the frequency cap or the weekly ceiling. */
export function deferMessage(message: PlannedMessage, deferredUntil: string, reason: string): void {
  message.deferredUntil = deferredUntil;
  message.reason = reason;
}

/**
 * A message of a re-planned run takes over what became of the same message (by key) before: sent stays sent under
 * its Message-ID, skipped stays skipped. Fields `before` lacks are set to `undefined` (rules/migrateRun.ts).
 */
export function carryOverMessage(
  message: PlannedMessage,
  before: Pick<PlannedMessage, 'status' | 'resolvedAt' | 'reason' | 'messageId' | 'dueAt'>,
): void {
  message.status = before.status;
  message.resolvedAt = before.resolvedAt;
  message.reason = before.reason;
  message.messageId = before.messageId;
  message.dueAt = before.dueAt;
}

/** The wait ends at `resolvedAt` (ISO): the event came then, or its deadline passed. */
export function resolveWait(wait: WaitRecord, resolvedAt: string, outcome: WaitOutcome): void {
  wait.resolvedAt = resolvedAt;
  wait.outcome = outcome;
}

/** A wait of a re-planned run takes over how the same wait (step and event) ended before (rules/migrateRun.ts). */
export function carryOverWait(wait: WaitRecord, before: Pick<WaitRecord, 'resolvedAt' | 'outcome'>): void {
  wait.resolvedAt = before.resolvedAt;
  wait.outcome = before.outcome;
}

/**
 * The run takes the fresh plan of a newer definition, in place, and keeps its own key. Only the fields the fresh
 * plan has are copied, in its order: an optional field it lacks (`contentSet`, `reactions`, `heldOut`, `exitReason`)
 * keeps the run's value, as a migration always has (rules/migrateRun.ts).
 */
export function replan(run: JourneyRun, fresh: JourneyRun): void {
  const { key } = run;
  // Own fields of a typed JourneyRun only: nothing misspelt can come through. `key` is already the run's, so
  // setting it back keeps its place.
  Object.assign(run, fresh);
  run.key = key;
}
