import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { PreferenceService } from '../links/preferences';
import type { ConsentStore } from '../storage/consent';
import { consentChanged, customerWorkflowId } from '../workflows/messages';

const DAY_MS = 86_400_000;

/**
 * Unsubscribe and pause from the link in an email: recorded durably in the database first (the send activity
 * checks it before every marketing email, also for orders placed later), then the customer's workflow is told
 * so its state and timeline show the choice. A customer without a running journey is still recorded.
 */
export function temporalPreferenceService(client: Client, consent: ConsentStore, now: () => Date = () => new Date()): PreferenceService {
  async function tellJourney(storeId: string, customerId: string, change: { marketing: 'unsubscribed' | 'paused'; until?: string; source: 'one-click' | 'preference-page' }) {
    try {
      await client.workflow
        .getHandle(customerWorkflowId(storeId, customerId))
        .signal(consentChanged, { storeId, customerId, occurredAt: now().toISOString(), ...change });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return {
    async unsubscribe({ storeId, customerId, source }) {
      await consent.recordConsent({ storeId, customerId, marketing: false, source: source === 'one-click' ? 'unsubscribe' : 'preference-page', at: now() });
      await tellJourney(storeId, customerId, { marketing: 'unsubscribed', source });
    },
    async pause({ storeId, customerId, days, source }) {
      const until = new Date(now().getTime() + days * DAY_MS);
      await consent.recordConsent({ storeId, customerId, marketing: false, until, source, at: now() });
      await tellJourney(storeId, customerId, { marketing: 'paused', until: until.toISOString(), source });
    },
  };
}
