import { ApplicationFailure, setHandler } from '@temporalio/workflow';
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
import { updateSchemas } from './updateSchemas';
import { issueLines } from '../domain/zodIssues';

type Schema<T> = {
  safeParse(
    v: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

/** Validates the input's shape, then the action against the state; a throw rejects the update with its message. */
export function validator<T>(
  schema: (schemas: ReturnType<typeof updateSchemas>) => Schema<T>,
  check: (input: T) => void,
) {
  return (input: T) => {
    const parsed = schema(updateSchemas()).safeParse(input);
    if (!parsed.success) throw new SupportActionRejected(issueLines(parsed.error, 'input').join('; '));
    check(parsed.data);
  };
}

/**
 * Support's updates on this customer's journeys. Each records who did what and why in the state; `changed`
 * wakes the journey loop so it re-plans (a resume sends what fell due, an end stops the timers).
 */
export function installSupportHandlers(state: CustomerState, changed: () => void): void {
  const apply =
    <T>(fn: (s: CustomerState, input: T, now: number) => string) =>
    (input: T) => {
      const done = fn(state, input, Date.now());
      changed();
      return { done };
    };
  setHandler(pauseJourney, apply(applyPause), {
    validator: validator(
      (s) => s.PauseJourney,
      (i) => checkPause(state, i, Date.now()),
    ),
  });
  setHandler(resumeJourney, apply(applyResume), {
    validator: validator(
      (s) => s.ResumeJourney,
      () => checkResume(state),
    ),
  });
  setHandler(skipNextMessage, apply(applySkipNext), {
    validator: validator(
      (s) => s.SkipNextMessage,
      () => checkSkipNext(state),
    ),
  });
  setHandler(changeEmail, apply(applyChangeEmail), {
    validator: validator(
      (s) => s.ChangeEmailInJourney,
      (i) => checkChangeEmail(state, i),
    ),
  });
  setHandler(endJourney, apply(applyEnd), {
    validator: validator(
      (s) => s.EndJourney,
      (i) => checkEnd(state, i),
    ),
  });
  setHandler(
    resendMessage,
    async (input) => {
      const { run, message } = checkResend(state, input);
      const resendKey = `${message.key}#resend-${(state.supportActions ?? []).filter((a) => a.action === 'resend').length + 1}`;
      const sent = await sendPlannedMessage(state, run, message, { messageKey: resendKey, to: input.to });
      // A failure (not a rejection): the update was accepted, the SMTP server refused the message.
      if (sent.status !== 'sent')
        throw ApplicationFailure.nonRetryable(`the resend was not sent: ${sent.reason}`, 'ResendFailed');
      return { done: `${recordResend(state, input, resendKey, Date.now())} (${sent.messageId})` };
    },
    {
      validator: validator(
        (s) => s.ResendMessageInJourney,
        (i) => void checkResend(state, i),
      ),
    },
  );
}
