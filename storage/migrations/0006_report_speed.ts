import { type Kysely, sql } from 'kysely';
import { rebuildMessageDays } from '../../measurement/messageDays';

/**
 * The journey report over a million messages within its 2-second budget (bench/reportScale.ts): message outcomes
 * are also counted per UTC day and step (fact_message_days, kept by measurement/messageFacts.ts), clicks and orders keep
 * the journey version of the message they belong to (no join back to fact_messages), and the remaining
 * aggregations read covering indexes only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('fact_clicks').addColumn('journey_version', 'text').execute();
  await db.schema.alterTable('fact_orders').addColumn('click_journey_version', 'text').execute();
  await db.schema.alterTable('fact_orders').addColumn('received_journey_version', 'text').execute();
  const versionOf = (table: string, key: string) =>
    sql`(select m.journey_version from fact_messages m where m.store_id = ${sql.ref(`${table}.store_id`)} and m.customer_id = ${sql.ref(`${table}.customer_id`)} and m.message_key = ${sql.ref(`${table}.${key}`)} and m.outcome = 'sent')`;
  await sql`update fact_clicks set journey_version = ${versionOf('fact_clicks', 'message_key')}`.execute(db);
  await sql`update fact_orders set click_journey_version = ${versionOf('fact_orders', 'click_message_key')} where click_message_key is not null`.execute(
    db,
  );
  await sql`update fact_orders set received_journey_version = ${versionOf('fact_orders', 'received_message_key')} where received_message_key is not null`.execute(
    db,
  );

  await db.schema
    .createTable('fact_message_days')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('journey_version', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    // '' when none: part of the key, which treats NULLs as distinct.
    .addColumn('reason_kind', 'text', (c) => c.notNull())
    .addColumn('demo', 'integer', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addColumn('first_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fact_message_days_pk', [
      'store_id',
      'journey_id',
      'day',
      'journey_version',
      'step_id',
      'category',
      'outcome',
      'reason_kind',
      'demo',
    ])
    .execute();
  await rebuildMessageDays(db);
  await db.schema.dropIndex('fact_clicks_by_step').execute();
  await db.schema
    .createIndex('fact_clicks_funnel')
    .on('fact_clicks')
    .columns(['store_id', 'journey_id', 'journey_version', 'step_id', 'clicked_ms', 'bot_reason'])
    .execute();
  await db.schema.dropIndex('fact_orders_by_click').execute();
  await db.schema
    .createIndex('fact_orders_by_click')
    .on('fact_orders')
    .columns([
      'store_id',
      'click_journey_id',
      'click_journey_version',
      'click_step_id',
      'currency',
      'placed_ms',
      'total',
      'refunded',
    ])
    .execute();
  await db.schema
    .createIndex('fact_orders_by_received')
    .on('fact_orders')
    .columns([
      'store_id',
      'received_journey_id',
      'received_journey_version',
      'received_step_id',
      'currency',
      'placed_ms',
      'total',
      'refunded',
    ])
    .execute();
}
