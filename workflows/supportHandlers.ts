import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { ChangeEmail, EndJourney, PauseJourney, ResendMessage, ResumeJourney, SkipNextMessage } from '../domain/supportActions';
import type { CustomerState } from '../rules/journeyState';
import {
  applyChangeEmail,
  applyEnd,
  applyPause,
  applyResume,
  applySkipNext,
  checkChangeEmail,
  checkEnd,
  checkPause,
  checkResend,
  checkResume,
  checkSkipNext,
  recordResend,
  SupportActionRejected,
} from '../rules/supportActions';
import { sendPlannedMessage } from './sendMessageStep';
import { changeEmail, endJourney, pauseJourney, resendMessage, resumeJourney, skipNextMessage } from './supportUpdates';

/** Validates the input's shape, then the action against the state; a throw rejects the update with its message. */
export function validator<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, check: (input: T) => void) {
  return (input: T) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw new SupportActionRejected(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    check(parsed.data);
  };
}

/**
 * Support's updates on this customer's journeys. Each records who did what and why in the state; `changed`
 * wakes the journey loop so it re-plans (a resume sends what fell due, an end stops the timers).
 */
export function installSupportHandlers(state: CustomerState, changed: () => void): void {
  const apply = <T>(fn: (s: CustomerState, input: T, now: number) => string) => (input: T) => {
    const done = fn(state, input, Date.now());
    changed();
    return { done };
  };
  setHandler(pauseJourney, apply(applyPause), { validator: validator(PauseJourney, () => checkPause(state)) });
  setHandler(resumeJourney, apply(applyResume), { validator: validator(ResumeJourney, () => checkResume(state)) });
  setHandler(skipNextMessage, apply(applySkipNext), { validator: validator(SkipNextMessage, () => checkSkipNext(state)) });
  setHandler(changeEmail, apply(applyChangeEmail), { validator: validator(ChangeEmail, (i) => checkChangeEmail(state, i)) });
  setHandler(endJourney, apply(applyEnd), { validator: validator(EndJourney, (i) => checkEnd(state, i)) });
  setHandler(
    resendMessage,
    async (input) => {
      const { run, message } = checkResend(state, input);
      const resendKey = `${message.key}#resend-${(state.supportActions ?? []).filter((a) => a.action === 'resend').length + 1}`;
      const sent = await sendPlannedMessage(state, run, message, { messageKey: resendKey, to: input.to });
      // A failure (not a rejection): the update was accepted, the SMTP server refused the message.
      if (sent.status !== 'sent') throw ApplicationFailure.nonRetryable(`the resend was not sent: ${sent.reason}`, 'ResendFailed');
      return { done: `${recordResend(state, input, resendKey, Date.now())} (${sent.messageId})` };
    },
    { validator: validator(ResendMessage, (i) => void checkResend(state, i)) },
  );
}
