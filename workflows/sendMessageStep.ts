import { ActivityFailure, ApplicationFailure, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { MEASUREMENT_FACTS } from './messageOutcomes';
import type { JourneyActivities, SendMessageResult } from '../activities/types';
import { recommendedSkus } from '../rules/decide';
import { customerHistory, ownedSkus } from '../rules/customerHistory';
import { itemLabel } from '../rules/messageItems';
import { type CustomerState, type JourneyRun, messageStepOf, type PlannedMessage } from '../rules/journeyState';

// Temporary SMTP trouble retries with backoff for up to two days; a permanent 5xx fails at once (non-retryable).
const SEND_OPTIONS = {
  startToCloseTimeout: '1 minute',
  // A worker that dies mid-send is noticed in seconds, not after the minute.
  heartbeatTimeout: '10 seconds',
  scheduleToCloseTimeout: '2 days',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
} as const;
const { sendMessage } = proxyActivities<JourneyActivities>(SEND_OPTIONS);

/** `bounced`: the receiving server refused the address itself (a hard bounce), not the message. */
export type SendOutcome = SendMessageResult | { status: 'failed'; reason: string; bounced?: boolean };

/**
 * Renders and sends one planned message through the activity (with a summary the Web UI shows), under
 * `messageKey` (its own key, or a resend's) to `to` (the customer's address, or a corrected one).
 */
export async function sendPlannedMessage(
  state: CustomerState,
  run: JourneyRun,
  message: PlannedMessage,
  overrides: { messageKey?: string; to?: string } = {},
): Promise<SendOutcome> {
  const step = messageStepOf(run, message.stepIndex);
  // Ids and the language tag only: the Web UI shows summaries without decoding them.
  const locale = state.contact.locale ?? run.store.defaultLocale;
  const label = itemLabel(run, message.item);
  const summary = `${step.template} · ${locale} · ${step.category} · order ${run.orderId}${label ? ` · ${label}` : ''}`;
  try {
    return await sendMessage.executeWithOptions({ ...SEND_OPTIONS, summary }, [
      {
        workflowId: workflowInfo().workflowId,
        messageKey: overrides.messageKey ?? message.key,
        journeyId: run.journeyId,
        // The activity records the send for the reports; journeys from before measurement replay without it.
        ...(patched(MEASUREMENT_FACTS) && { journeyVersion: run.version, ...(run.heldOut && { heldOut: true }) }),
        stepId: step.id,
        template: step.template,
        ...(run.contentSet && { contentSet: run.contentSet }),
        category: step.category,
        to: overrides.to ?? state.contact.email,
        store: run.store,
        order: { ...run.order, customer: state.contact },
        products: run.products,
        item: message.item,
        recommendSkus:
          step.recommend === 'none' ? [] : recommendedSkus(run, message.item, step.recommend, ownedSkus(state)),
        ...(step.asks && { asks: step.asks }),
        history: customerHistory(state, run),
      },
    ]);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
    const bounced =
      cause?.type === 'SmtpPermanentFailure' &&
      (cause.details?.[0] as { badRecipient?: boolean } | undefined)?.badRecipient === true;
    return { status: 'failed', reason: cause ? cause.message : err.message, ...(bounced && { bounced }) };
  }
}
