import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Ids asked about in one query: well under every dialect's limit on bound parameters. */
const CHUNK = 500;

/** What `afterglow import orders` has already handed to journeys, per store (migrations/0008_order_imports.ts). */
export function orderImportStore(db: Kysely<Database>) {
  return {
    /** Which of `orderIds` an earlier run (or this one) imported for the store. */
    async importedAmong(storeId: string, orderIds: string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < orderIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('order_imports')
          .select('order_id')
          .where('store_id', '=', storeId)
          .where('order_id', 'in', orderIds.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) found.add(row.order_id);
      }
      return found;
    },

    /** Marks an order imported once its journey has it; marking it again changes nothing. */
    async markImported(storeId: string, orderId: string, now = Date.now()): Promise<void> {
      await db
        .insertInto('order_imports')
        .values({ store_id: storeId, order_id: orderId, imported_ms: now })
        .onConflict((c) => c.columns(['store_id', 'order_id']).doNothing())
        .execute();
    },
  };
}
export type OrderImportStore = ReturnType<typeof orderImportStore>;
