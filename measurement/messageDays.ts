import { type QueryExecutorProvider, sql } from 'kysely';

/** A message outcome's UTC day number (days since the epoch): the grain of fact_message_days. */
export const dayOf = (ms: number) => Math.floor(ms / 86_400_000);

/**
 * fact_message_days recomputed from fact_messages (all of it, or one store's): in a migration, or after a bulk load
 * of synthetic facts. Day-to-day, measurement/messageFacts.ts adds each outcome as it records it. Run it in a transaction
 * (a migration is one), so that no report sees the counts half made.
 */
export async function rebuildMessageDays(tx: QueryExecutorProvider, storeId?: string): Promise<void> {
  const store = storeId === undefined ? sql`` : sql`where store_id = ${storeId}`;
  await sql`delete from fact_message_days ${store}`.execute(tx);
  await sql`insert into fact_message_days (store_id, journey_id, day, journey_version, step_id, category, outcome, reason_kind, demo, messages, first_ms)
      select store_id, journey_id, cast(at_ms / 86400000 as integer), journey_version, step_id, category, outcome, coalesce(reason_kind, ''), demo, count(*), min(at_ms)
      from fact_messages ${store}
      group by store_id, journey_id, cast(at_ms / 86400000 as integer), journey_version, step_id, category, outcome, coalesce(reason_kind, ''), demo`.execute(
    tx,
  );
}
