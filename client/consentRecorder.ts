import type { Kysely } from 'kysely';
import type { ConsentChange } from '../domain/consent';
import { preferenceOf } from '../rules/consent';
import type { Database } from '../storage/schema';
import { optOutStore } from '../storage/optOuts';
import { outboxStore } from '../storage/outbox';
import { consentChanged, customerWorkflowId } from '../workflows/signals';

/**
 * A customer's marketing choice, wherever it comes from: stored with its signal to the journey in one transaction
 * (storage/outbox.ts), then the signal is tried at once. What the customer did is kept, and shown as done, even when
 * Temporal is down; the drainer delivers the signal when it is back. A store's claimed time counts at most up to
 * when Afterglow heard of it (rules/consent.ts: a date cannot make a choice win).
 */
export function consentRecorder(
  db: Kysely<Database>,
  drain: (ids: number[]) => Promise<unknown>,
  now: () => Date = () => new Date(),
) {
  return async function recordConsentChange(change: ConsentChange): Promise<void> {
    const at = new Date(Math.min(Date.parse(change.occurredAt), now().getTime())).toISOString();
    const choice = preferenceOf({ ...change, occurredAt: at });
    const owner = { storeId: change.storeId, customerId: change.customerId };
    const id = await db.transaction().execute(async (trx) => {
      await optOutStore(trx).recordChoice(owner, choice);
      return outboxStore(trx).enqueue({
        workflowId: customerWorkflowId(change.storeId, change.customerId),
        signal: consentChanged.name,
        args: [{ ...change, occurredAt: at }],
      });
    });
    // Best effort: whatever does not go now, the drainer sends later.
    await drain([id]).catch(() => undefined);
  };
}
export type RecordConsentChange = ReturnType<typeof consentRecorder>;
