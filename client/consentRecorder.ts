import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { ConsentChange } from '../domain/consent';
import type { ConsentStore } from '../storage/consent';
import { consentChanged, customerWorkflowId } from '../workflows/messages';

const STORED_SOURCE = { store: 'event', 'one-click': 'unsubscribe', 'preference-page': 'preference-page', support: 'support' } as const;

/**
 * A customer's marketing choice, wherever it comes from: stored durably first (the send activity checks the
 * database before every marketing email, also for orders placed later), then told to their workflow so its
 * state shows it. A customer without a journey yet is still recorded.
 */
export function consentRecorder(client: Client, consent: ConsentStore) {
  return async function recordConsentChange(change: ConsentChange): Promise<void> {
    await consent.recordConsent({
      storeId: change.storeId,
      customerId: change.customerId,
      marketing: change.marketing === 'subscribed',
      until: change.until ? new Date(change.until) : undefined,
      source: STORED_SOURCE[change.source],
      at: new Date(change.occurredAt),
    });
    try {
      await client.workflow.getHandle(customerWorkflowId(change.storeId, change.customerId)).signal(consentChanged, change);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  };
}
export type RecordConsentChange = ReturnType<typeof consentRecorder>;
