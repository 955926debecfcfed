import type { Kysely } from 'kysely';

/**
 * Orders `afterglow import orders` has handed to their journeys, so an interrupted or repeated import skips them
 * (the journey and the facts would ignore a repeat anyway; this keeps a rerun from asking Temporal 10,000 times).
 * Ids and a time only. `imported_ms` is epoch milliseconds like the measurement facts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_imports')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('imported_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_imports_pk', ['store_id', 'order_id'])
    .execute();
}
