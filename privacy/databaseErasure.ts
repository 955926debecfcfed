import { type Kysely, sql } from 'kysely';
import type { OptOutStore } from '../storage/optOuts';
import type { Database } from '../storage/schema';
import { customerWorkflowId } from '../workflows/signals';
import type { CustomerRef } from './vault';

/** Tables whose rows belong to one customer, by (store_id, customer_id): deleted whole by an erasure. */
const CUSTOMER_TABLES = [
  'answers',
  'consent_changes',
  'fact_orders',
  'fact_events',
  'fact_messages',
  'fact_clicks',
  'journey_entries',
] as const;

/**
 * The database side of an erasure. The customer's rows go; their addresses' hashes stay on the suppression list
 * (reason `erased`), no longer tied to their id; per-day message counts (fact_message_days) hold nobody and stay.
 * Every step is idempotent: an interrupted erasure is simply run again.
 */
export function databaseErasure(db: Kysely<Database>, optOuts: Pick<OptOutStore, 'blockAddressHash'>) {
  return {
    /** Hashes of every address the database knows the customer by (their orders', their address blocks'). */
    async emailHashesOf({ storeId, customerId }: CustomerRef): Promise<string[]> {
      const [orders, blocks] = await Promise.all([
        db
          .selectFrom('fact_orders')
          .select('email_hash')
          .distinct()
          .where('store_id', '=', storeId)
          .where('customer_id', '=', customerId)
          .execute(),
        db
          .selectFrom('address_blocks')
          .select('email_hash')
          .distinct()
          .where('store_id', '=', storeId)
          .where('customer_id', '=', customerId)
          .execute(),
      ]);
      return [...new Set([...orders, ...blocks].map((row) => row.email_hash))];
    },

    /** Deletes or unlinks every row of the customer after suppressing `emailHashes`; returns rows touched per table. */
    async erase(customer: CustomerRef, emailHashes: string[]): Promise<Record<string, number>> {
      const { storeId, customerId } = customer;
      for (const emailHash of emailHashes)
        await optOuts.blockAddressHash({ storeId, emailHash, reason: 'erased', source: 'erasure' });
      const counts: Record<string, number> = { suppressed: emailHashes.length };
      await db.transaction().execute(async (trx) => {
        for (const table of CUSTOMER_TABLES) {
          const result = await trx
            .deleteFrom(table)
            .where('store_id', '=', storeId)
            .where('customer_id', '=', customerId)
            .executeTakeFirst();
          counts[table] = Number(result.numDeletedRows);
        }
        const workflowId = customerWorkflowId(storeId, customerId);
        const outbox = await trx.deleteFrom('outbox').where('workflow_id', '=', workflowId).executeTakeFirst();
        counts.outbox = Number(outbox.numDeletedRows);
        // Keys are `workflowId:messageKey`; a prefix match without LIKE, whose wildcards an id may hold.
        const prefix = `${workflowId}:`;
        const ledger = await trx
          .deleteFrom('send_ledger')
          .where(sql<string>`substr(idempotency_key, 1, ${prefix.length})`, '=', prefix)
          .executeTakeFirst();
        counts.send_ledger = Number(ledger.numDeletedRows);
        const blocks = await trx
          .updateTable('address_blocks')
          .set({ customer_id: null })
          .where('store_id', '=', storeId)
          .where('customer_id', '=', customerId)
          .executeTakeFirst();
        counts.address_blocks_unlinked = Number(blocks.numUpdatedRows);
        const exports = await trx
          .updateTable('privacy_requests')
          .set({ result: null })
          .where('store_id', '=', storeId)
          .where('customer_id', '=', customerId)
          .where('result', 'is not', null)
          .executeTakeFirst();
        counts.exports = Number(exports.numUpdatedRows);
      });
      return counts;
    },

    /** Every customer of the store the database has a row for. */
    async customersOf(storeId: string): Promise<string[]> {
      const ids = new Set<string>();
      for (const table of [...CUSTOMER_TABLES, 'customer_keys'] as const)
        for (const row of await db
          .selectFrom(table)
          .select('customer_id')
          .distinct()
          .where('store_id', '=', storeId)
          .execute())
          ids.add(row.customer_id);
      const blocked = await db
        .selectFrom('address_blocks')
        .select('customer_id')
        .distinct()
        .where('store_id', '=', storeId)
        .where('customer_id', 'is not', null)
        .execute();
      for (const row of blocked) ids.add(row.customer_id!);
      return [...ids];
    },
  };
}
export type DatabaseErasure = ReturnType<typeof databaseErasure>;
