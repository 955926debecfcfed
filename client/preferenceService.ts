import type { PreferenceService } from '../links/preferences';
import type { RecordConsentChange } from './consentRecorder';

const DAY_MS = 86_400_000;

/** Unsubscribe and pause from the link in an email, recorded like every other consent change. */
export function preferenceService(record: RecordConsentChange, now: () => Date = () => new Date()): PreferenceService {
  return {
    async unsubscribe({ storeId, customerId, source }) {
      await record({ storeId, customerId, marketing: 'unsubscribed', occurredAt: now().toISOString(), source });
    },
    async pause({ storeId, customerId, days, source }) {
      const until = new Date(now().getTime() + days * DAY_MS).toISOString();
      await record({ storeId, customerId, marketing: 'paused', until, occurredAt: now().toISOString(), source });
    },
  };
}
