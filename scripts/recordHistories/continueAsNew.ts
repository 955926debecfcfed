import type { Client } from '@temporalio/client';
import { arrayFromPayloads } from '@temporalio/common';
import type { CustomerJourneyInput } from '../../workflows/signals';
import { BY, now, orderOf, type RecordedRun, type Recording, sent, stateShows } from './recording';
import { eventually, settled } from './waits';

/** Low enough that the journey continues as new at its first idle moment after a few commands. */
export const SHORT_HISTORY_EVENTS = 10;

const CUSTOMER_ID = 'c-continue';
const HELD_ADDRESS = 'c-continue.corrected@example.com';

/** The run that `runId` continued as, and the input it carried (decoded with the client's data converter). */
async function continuation(client: Client, workflowId: string, runId: string) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const attributes = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
  if (!attributes?.newExecutionRunId) throw new Error(`run ${runId} of ${workflowId} did not continue as new`);
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  let payloads = attributes.input?.payloads ?? [];
  // Codecs encode first to last, so they decode last to first.
  for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
  const [input] = arrayFromPayloads(payloadConverter, payloads) as [CustomerJourneyInput];
  return { runId: attributes.newExecutionRunId, input };
}

/**
 * A continue-as-new that carries signals. The journey (short history) continues as new after its first order;
 * in the new run a resend is held in flight at the SMTP server, a consent change wakes the loop, which decides to
 * continue as new and waits for the resend to finish; the delivery and a second order arriving meanwhile are
 * queued and carried into the next run, which handles them first.
 */
export async function continueAsNewCarryingSignals({
  shortHistory: api,
  client,
  sink,
}: Recording): Promise<RecordedRun[]> {
  const { workflowId } = await api.order(orderOf(CUSTOMER_ID, 'C-1', ['MAG-SLEEP-30']));
  const [reassurance] = await sent(api, CUSTOMER_ID, 'C-1', 'reassurance');
  const handle = client.workflow.getHandle(workflowId);
  const carrying = await eventually('the journey to continue as new after its first order', async () => {
    const { runId } = await handle.describe();
    const started = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events?.[0];
    return started?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ? runId : undefined;
  });
  await settled(client.workflow.getHandle(workflowId, carrying), CUSTOMER_ID);

  const held = sink.hold(HELD_ADDRESS);
  try {
    const resend = api.support(CUSTOMER_ID, 'resend', { ...BY, messageKey: reassurance.key, to: HELD_ADDRESS });
    await Promise.race([
      held.arrived,
      resend.then(() => Promise.reject(new Error('the resend was answered before the SMTP server held it'))),
    ]);
    await api.consent({ customerId: CUSTOMER_ID, marketing: 'unsubscribed', occurredAt: now() });
    await stateShows(api, CUSTOMER_ID, 'the unsubscribe', (s) => s.marketing?.status === 'unsubscribed');
    await api.event({ type: 'order.delivered', customerId: CUSTOMER_ID, orderId: 'C-1', occurredAt: now() });
    await api.order(orderOf(CUSTOMER_ID, 'C-2', ['MAG-SLEEP-30']));
    // Both signals are in the run's history, handled by a workflow task, while the resend is still in flight.
    await eventually('the delivery and the second order to reach the waiting run', async () => {
      const { raw } = await client.workflow.getHandle(workflowId, carrying).describe();
      const events = (await client.workflow.getHandle(workflowId, carrying).fetchHistory()).events ?? [];
      return !raw.pendingWorkflowTask && events.filter((e) => e.workflowExecutionSignaledEventAttributes).length >= 3;
    });
    held.release();
    await resend;
  } finally {
    held.release();
  }

  const next = await eventually('the run to continue as new once the resend finished', () =>
    continuation(client, workflowId, carrying).catch(() => undefined),
  );
  const carried = (next.input.inbox ?? []).map((item) => item.kind);
  if (carried.join() !== 'event,order')
    throw new Error(`the continue-as-new carried [${carried.join()}], expected the delivery and the order`);
  // The next run handles the carried signals, then continues as new in turn (its history is short too).
  await eventually('the continued run to handle what it carried', () =>
    continuation(client, workflowId, next.runId).catch(() => undefined),
  );
  return [
    { name: 'continue-as-new-queued-signals', workflowId, runId: carrying },
    { name: 'continued-carried-signals', workflowId, runId: next.runId },
  ];
}
