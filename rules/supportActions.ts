import type {
  ChangeEmail,
  EndJourney,
  PauseJourney,
  ResendMessage,
  ResumeJourney,
  SkipNextMessage,
} from '../domain/supportActions';
import { log } from './applySignals';
import type { CustomerState, JourneyRun, PlannedMessage, SupportActionRecord } from './journeyState';
import { addDuration } from './duration';
import { actionableAt, exitRun } from './schedule';
import { skipMessage } from './transitions';

/**
 * Support's actions as pure rules: a `check*` throws (with a message support can act on) when the action makes
 * no sense for this journey; an `apply*` changes the state and records who did it and why.
 */
export class SupportActionRejected extends Error {
  // The name the failure converter recognises (it cannot import this class: codec/failureConverter.ts).
  override name = 'SupportActionRejected';
}

export function reject(message: string): never {
  throw new SupportActionRejected(message);
}

export function recordSupportAction(state: CustomerState, now: number, entry: Omit<SupportActionRecord, 'at'>): string {
  const at = new Date(now).toISOString();
  (state.supportActions ??= []).push({ at, ...entry });
  log(state, { at, kind: 'support', detail: `${entry.action} by ${entry.by}: ${entry.detail}` });
  return entry.detail;
}

/** The next message the journey would send on its own. */
export function nextPendingMessage(state: CustomerState): { run: JourneyRun; message: PlannedMessage } | undefined {
  return state.runs
    .filter((r) => r.status === 'active')
    .flatMap((run) =>
      run.messages
        .filter((m) => m.status === 'pending')
        .map((message) => ({ run, message, at: actionableAt(run, message) ?? Infinity })),
    )
    .sort((a, b) => a.at - b.at)[0];
}

/** When a pause ends by itself: `until`, or `for` after now; undefined for a pause until support resumes. */
export function pauseEnd(input: Pick<PauseJourney, 'until' | 'for'>, now: number): number | undefined {
  if (input.for) return addDuration(now, input.for, 'UTC');
  return input.until ? Date.parse(input.until) : undefined;
}

const utcText = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Refusals hold ids and times only: the Web UI shows them unencrypted (codec/failureConverter.ts). */
export function checkPause(state: CustomerState, input: Pick<PauseJourney, 'until' | 'for'>, now: number): void {
  if (state.paused)
    reject(
      `already paused since ${utcText(Date.parse(state.paused.at))}${state.paused.until ? ` until ${utcText(Date.parse(state.paused.until))}` : ''}: resume first to change it`,
    );
  const end = pauseEnd(input, now);
  if (end !== undefined && end <= now) reject(`until ${utcText(end)} is not in the future`);
}
export function applyPause(state: CustomerState, input: PauseJourney, now: number): string {
  const end = pauseEnd(input, now);
  state.paused = {
    by: input.by,
    reason: input.reason,
    at: new Date(now).toISOString(),
    ...(end !== undefined && { until: new Date(end).toISOString() }),
  };
  const held =
    end === undefined
      ? 'all messages held until resumed'
      : `all messages held until ${utcText(end)}, then the journey resumes by itself`;
  return recordSupportAction(state, now, {
    action: 'pause',
    by: input.by,
    reason: input.reason,
    detail: `paused by ${input.by} (${input.reason}): ${held}`,
  });
}

/** A pause with an end that has come: lifted as a resume would, recorded as the journey's own doing. */
export function resumeIfPauseEnded(state: CustomerState, now: number): boolean {
  if (!state.paused?.until || Date.parse(state.paused.until) > now) return false;
  const { by } = state.paused;
  delete state.paused;
  recordSupportAction(state, now, {
    action: 'resume',
    by: 'afterglow',
    reason: `the pause by ${by} ended`,
    detail: 'messages resume',
  });
  return true;
}

export function checkResume(state: CustomerState): void {
  if (!state.paused) reject('the journey is not paused');
}
export function applyResume(state: CustomerState, input: ResumeJourney, now: number): string {
  delete state.paused;
  // Messages that fell due during the pause go out now unless expired; the send window still applies.
  return recordSupportAction(state, now, {
    action: 'resume',
    ...input,
    detail: `resumed by ${input.by} (${input.reason}): messages that fell due go out unless expired`,
  });
}

export function checkSkipNext(state: CustomerState): void {
  if (!nextPendingMessage(state)) reject('there is no message left to skip');
}
export function applySkipNext(state: CustomerState, input: SkipNextMessage, now: number): string {
  const { message } = nextPendingMessage(state)!;
  skipMessage(message, new Date(now).toISOString(), `skipped by support (${input.by}): ${input.reason}`);
  return recordSupportAction(state, now, {
    action: 'skip-next',
    ...input,
    detail: `skipped ${message.key} (by ${input.by}: ${input.reason})`,
  });
}

/** The sent message a resend refers to. */
export function checkResend(state: CustomerState, input: ResendMessage): { run: JourneyRun; message: PlannedMessage } {
  for (const run of state.runs) {
    const message = run.messages.find((m) => m.key === input.messageKey);
    if (!message) continue;
    if (message.status !== 'sent')
      reject(`message ${input.messageKey} was not sent (it is ${message.status}); only sent messages can be resent`);
    return { run, message };
  }
  return reject(`no message ${input.messageKey} in this customer's journeys`);
}
export function recordResend(state: CustomerState, input: ResendMessage, resendKey: string, now: number): string {
  const target = input.to && input.to !== state.contact.email ? ' to a corrected address' : '';
  return recordSupportAction(state, now, {
    action: 'resend',
    by: input.by,
    reason: input.reason,
    detail: `resent ${input.messageKey} as ${resendKey}${target}`,
  });
}

export function checkChangeEmail(state: CustomerState, input: ChangeEmail): void {
  if (input.email.toLowerCase() === state.contact.email.toLowerCase()) reject("that is already the customer's address");
}
export function applyChangeEmail(state: CustomerState, input: ChangeEmail, now: number): string {
  state.contact = { ...state.contact, email: input.email };
  // Without a hash (no secret where the update came from) the old one stays: the old address still finds them.
  if (input.emailHash) state.emailHash = input.emailHash;
  return recordSupportAction(state, now, {
    action: 'change-email',
    by: input.by,
    reason: input.reason,
    detail: `address changed by ${input.by} (${input.reason}); later messages go to the new one`,
  });
}

function runsToEnd(state: CustomerState, input: EndJourney): JourneyRun[] {
  return state.runs.filter(
    (r) => r.status === 'active' && (input.orderId === undefined || r.orderId === input.orderId),
  );
}
export function checkEnd(state: CustomerState, input: EndJourney): void {
  if (runsToEnd(state, input).length === 0)
    reject(input.orderId ? `no running journey for order ${input.orderId}` : 'no journey is running for this customer');
}
export function applyEnd(state: CustomerState, input: EndJourney, now: number): string {
  const runs = runsToEnd(state, input);
  for (const run of runs) exitRun(run, now, `ended by support (${input.by}): ${input.reason}`);
  return recordSupportAction(state, now, {
    action: 'end',
    by: input.by,
    reason: input.reason,
    detail: `ended ${runs.map((r) => r.key).join(', ')}`,
  });
}
