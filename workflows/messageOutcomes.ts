import { log, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/types';
import { type CustomerState, type JourneyRun, messageStepOf, type PlannedMessage } from '../rules/journeyState';
import type { MessageOutcome } from '../storage/schema';

// Local: a fact is one small insert, not worth an activity task's round trip. A database that stays down for an
// hour loses the fact, never the journey: the message itself has already gone (or not) by then.
const { recordOutcome } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Journeys that started before outcomes were recorded replay without these activities. */
export const MEASUREMENT_FACTS = 'measurement-facts';

/**
 * Records what became of a message that was not sent (deferred, skipped and why, failed, bounced) for the reports.
 * A send is recorded by the send activity itself (`journeyVersion` in its input), which costs no extra action.
 */
export async function reportOutcome(
  state: CustomerState,
  run: JourneyRun,
  message: PlannedMessage,
  outcome: MessageOutcome,
  why: { kind?: string; reason?: string } = {},
): Promise<void> {
  if (!patched(MEASUREMENT_FACTS)) return;
  const step = messageStepOf(run, message.stepIndex);
  try {
    await recordOutcome({
      storeId: state.storeId,
      customerId: state.customerId,
      orderId: run.orderId,
      messageKey: message.key,
      journeyId: run.journeyId,
      journeyVersion: run.version,
      stepId: step.id,
      category: step.category,
      outcome,
      ...(why.kind && { reasonKind: why.kind }),
      ...(why.reason && { reason: why.reason }),
      ...(run.heldOut && { heldOut: true }),
      at: Date.now(),
    });
  } catch (err) {
    log.warn('message outcome not recorded for the reports', { messageKey: message.key, outcome, error: String(err) });
  }
}
