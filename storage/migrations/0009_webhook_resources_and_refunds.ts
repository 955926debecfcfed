import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Platform webhooks that report on their own (issue #13):
 * - `webhook_resource_versions`: per provider, account (the store) and resource ("customer/42"), the newest
 *   platform time applied, so a delivery about the resource older than one already applied changes nothing;
 * - `fact_events` keyed by the store's event key too (a refund's id; '' for events without one), with the refund's
 *   amount and currency, so a second partial refund of an order counts and a repeat of the first does not. SQLite
 *   cannot change a primary key in place: the table is rebuilt, its rows kept;
 * - `consent_changes.opt_in_level`: how a store says a subscription was confirmed (evidence only);
 * - `fact_orders_by_email`: a privacy request may name the customer by address only (Shopify's customers/redact).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = postgres ? 'timestamptz' : 'text';
  const money = postgres ? 'double precision' : 'real';

  await db.schema
    .createTable('webhook_resource_versions')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('newest_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_resource_versions_pk', ['provider', 'account', 'resource'])
    .execute();

  await db.schema
    .createTable('fact_events_keyed')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('amount', money)
    .addColumn('currency', 'text')
    .addColumn('occurred_ms', 'bigint', (c) => c.notNull())
    .addColumn('recorded_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fact_events_keyed_pk', ['store_id', 'order_id', 'type', 'event_key'])
    .execute();
  await sql`insert into fact_events_keyed (store_id, order_id, customer_id, type, event_key, occurred_ms, recorded_ms)
    select store_id, order_id, customer_id, type, '', occurred_ms, recorded_ms from fact_events`.execute(db);
  await db.schema.dropTable('fact_events').execute();
  await db.schema.alterTable('fact_events_keyed').renameTo('fact_events').execute();

  await db.schema.alterTable('consent_changes').addColumn('opt_in_level', 'text').execute();
  await db.schema.createIndex('fact_orders_by_email').on('fact_orders').columns(['store_id', 'email_hash']).execute();
}
