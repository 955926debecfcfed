import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { fromFlag, optionalDate, toDate, toFlag, toIso } from './columns';
import { type ConsentChangesTable, consentSources, type Database } from './schema';

const consentChange = z.object({
  storeId: z.string().min(1),
  customerId: z.string().min(1),
  marketing: z.boolean(),
  /** With marketing false: a pause that ends then. */
  until: z.date().optional(),
  source: z.enum(consentSources),
  /** When the customer gave or withdrew consent (the order's time, the click's time), not when we heard of it. */
  at: z.date(),
});
export type ConsentChange = z.infer<typeof consentChange>;
type Row = Pick<Selectable<ConsentChangesTable>, 'marketing' | 'until' | 'source' | 'at'>;

/**
 * Marketing consent as a history of changes; the current value is the latest change by `at`, so a late-arriving
 * old order saying "accepts marketing" cannot undo a newer unsubscribe. Nothing recorded means no consent.
 */
export function consentStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  const changesOf = (storeId: string, customerId: string) =>
    db
      .selectFrom('consent_changes')
      .where('store_id', '=', storeId)
      .where('customer_id', '=', customerId)
      .select(['marketing', 'until', 'source', 'at']);
  const toChange = (storeId: string, customerId: string) => (row: Row): ConsentChange => ({
    storeId,
    customerId,
    marketing: fromFlag(row.marketing),
    until: optionalDate(row.until),
    source: row.source,
    at: toDate(row.at),
  });

  return {
    /** Appends a change; recording the very same change again (a retry) is a no-op. */
    async recordConsent(input: ConsentChange): Promise<void> {
      const c = consentChange.parse(input);
      await db
        .insertInto('consent_changes')
        .values({
          store_id: c.storeId,
          customer_id: c.customerId,
          marketing: toFlag(c.marketing),
          until: c.until ? toIso(c.until) : null,
          source: c.source,
          at: toIso(c.at),
          recorded_at: toIso(now()),
        })
        .onConflict((oc) => oc.columns(['store_id', 'customer_id', 'at', 'source', 'marketing']).doNothing())
        .execute();
    },

    /** Every change, oldest first. */
    async consentHistory(storeId: string, customerId: string): Promise<ConsentChange[]> {
      const rows = await changesOf(storeId, customerId).orderBy('at').orderBy('id').execute();
      return rows.map(toChange(storeId, customerId));
    },

    /** Whether the customer's latest explicit choice blocks marketing at `at` (an unsubscribe, or a running pause). */
    async marketingBlocked(storeId: string, customerId: string, at: Date): Promise<{ blocked: false } | { blocked: true; reason: string }> {
      const current = await this.currentConsent(storeId, customerId);
      if (!current || current.marketing) return { blocked: false };
      if (current.until && current.until <= at) return { blocked: false };
      return { blocked: true, reason: current.until ? `marketing paused until ${current.until.toISOString()}` : 'unsubscribed from marketing' };
    },

    async currentConsent(storeId: string, customerId: string): Promise<ConsentChange | undefined> {
      const row = await changesOf(storeId, customerId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row && toChange(storeId, customerId)(row);
    },
  };
}
export type ConsentStore = ReturnType<typeof consentStore>;
