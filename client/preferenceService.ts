import type { PreferenceService } from '../links/preferences';
import type { RecordConsentChange } from './consentRecorder';
import type { FactStore } from '../measurement/facts';

const DAY_MS = 86_400_000;

/**
 * Unsubscribe and pause from the link in an email, recorded like every other consent change; with `facts`, an
 * unsubscribe also counts against the message that preceded it in the report.
 */
export function preferenceService(
  record: RecordConsentChange,
  { now = () => new Date(), facts }: { now?: () => Date; facts?: Pick<FactStore, 'recordUnsubscribe'> } = {},
): PreferenceService {
  return {
    async unsubscribe({ storeId, customerId, source }) {
      const at = now();
      await record({ storeId, customerId, marketing: 'unsubscribed', occurredAt: at.toISOString(), source });
      // The report's unsubscribes per step; the choice itself is already stored and on its way to the journey.
      await facts?.recordUnsubscribe(storeId, customerId, at.getTime());
    },
    async pause({ storeId, customerId, days, source }) {
      const until = new Date(now().getTime() + days * DAY_MS).toISOString();
      await record({ storeId, customerId, marketing: 'paused', until, occurredAt: now().toISOString(), source });
    },
  };
}
