import { type Kysely, sql } from 'kysely';
import type { CustomerState } from '../rules/journeyState';
import type { Database } from '../storage/schema';
import { customerWorkflowId } from '../workflows/signals';
import type { CustomerRef } from './vault';

/** What an export holds: every table's rows about the customer, as stored, and their journey as it stands. */
export interface CustomerExport {
  storeId: string;
  customerId: string;
  exportedAt: string;
  /** The journey state with the contact opened; absent when the customer has no journey. */
  journey?: CustomerState;
  answers: unknown[];
  consentChanges: unknown[];
  addressBlocks: unknown[];
  orders: unknown[];
  events: unknown[];
  messages: unknown[];
  clicks: unknown[];
  journeyEntries: unknown[];
  sends: unknown[];
}

/**
 * Everything held about the customer (Shopify's customers/data_request, GDPR art. 15), read from the database by
 * customer id, the suppression list also by the hashes of their addresses, and the send ledger by their journey.
 */
export async function customerExport(
  db: Kysely<Database>,
  customer: CustomerRef,
  journey: CustomerState | undefined,
  emailHashes: string[],
  now: Date,
): Promise<CustomerExport> {
  const { storeId, customerId } = customer;
  // Rows go out as stored, whatever their table: untyped, since kysely cannot type a query over a union of tables.
  const rowsOf = (
    table:
      | 'answers'
      | 'consent_changes'
      | 'fact_orders'
      | 'fact_events'
      | 'fact_messages'
      | 'fact_clicks'
      | 'journey_entries',
  ): Promise<unknown[]> =>
    (db as unknown as Kysely<Record<typeof table, Record<string, unknown>>>)
      .selectFrom(table)
      .selectAll()
      .where('store_id', '=', storeId)
      .where('customer_id', '=', customerId)
      .execute();
  const prefix = `${customerWorkflowId(storeId, customerId)}:`;
  const [answers, consentChanges, orders, events, messages, clicks, journeyEntries, addressBlocks, sends] =
    await Promise.all([
      rowsOf('answers'),
      rowsOf('consent_changes'),
      rowsOf('fact_orders'),
      rowsOf('fact_events'),
      rowsOf('fact_messages'),
      rowsOf('fact_clicks'),
      rowsOf('journey_entries'),
      db
        .selectFrom('address_blocks')
        .selectAll()
        .where('store_id', '=', storeId)
        .where((eb) =>
          eb.or([
            eb('customer_id', '=', customerId),
            ...(emailHashes.length ? [eb('email_hash', 'in', emailHashes)] : []),
          ]),
        )
        .execute(),
      db
        .selectFrom('send_ledger')
        .selectAll()
        .where(sql<string>`substr(idempotency_key, 1, ${prefix.length})`, '=', prefix)
        .execute(),
    ]);
  return {
    storeId,
    customerId,
    exportedAt: now.toISOString(),
    ...(journey && { journey }),
    answers,
    consentChanges,
    addressBlocks,
    orders,
    events,
    messages,
    clicks,
    journeyEntries,
    sends,
  };
}
