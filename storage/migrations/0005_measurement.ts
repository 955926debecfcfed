import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * What the reports count (measurement/): orders and store events as they reached the API, every message outcome,
 * clicks on tracked links, and which customers entered which journey (treated or held out). Ids, amounts and times
 * only; an address only as its hash. Times are epoch milliseconds (bigint) so that "within 30 days" is the same
 * arithmetic on SQLite and PostgreSQL. `demo` marks rows `afterglow demo-data` generated (removable in one go).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const money = postgres ? 'double precision' : 'real';
  const id = (c: ColumnDefinitionBuilder) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey());
  const demo = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);

  await db.schema
    .createTable('fact_orders')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('placed_ms', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total', money, (c) => c.notNull())
    .addColumn('refunded', money, (c) => c.notNull().defaultTo(0))
    // The message the order is attributed to, by last human click and by last message received (measurement/attribution.ts).
    .addColumn('click_journey_id', 'text')
    .addColumn('click_step_id', 'text')
    .addColumn('click_message_key', 'text')
    .addColumn('received_journey_id', 'text')
    .addColumn('received_step_id', 'text')
    .addColumn('received_message_key', 'text')
    .addColumn('demo', 'integer', demo)
    .addColumn('recorded_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fact_orders_pk', ['store_id', 'order_id'])
    .execute();
  await db.schema
    .createIndex('fact_orders_by_customer')
    .on('fact_orders')
    .columns(['store_id', 'customer_id', 'placed_ms'])
    .execute();
  await db.schema.createIndex('fact_orders_by_time').on('fact_orders').columns(['store_id', 'placed_ms']).execute();
  await db.schema
    .createIndex('fact_orders_by_click')
    .on('fact_orders')
    .columns(['store_id', 'click_journey_id', 'click_step_id'])
    .execute();

  await db.schema
    .createTable('fact_events')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_ms', 'bigint', (c) => c.notNull())
    .addColumn('recorded_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fact_events_pk', ['store_id', 'order_id', 'type'])
    .execute();

  await db.schema
    .createTable('fact_messages')
    .addColumn('id', 'integer', id)
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('journey_version', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason_kind', 'text')
    .addColumn('reason', 'text')
    .addColumn('holdout', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('demo', 'integer', demo)
    // One row per message and outcome: an activity retried or a workflow replayed records it once.
    .addUniqueConstraint('fact_messages_once', ['store_id', 'customer_id', 'message_key', 'outcome'])
    .execute();
  await db.schema
    .createIndex('fact_messages_by_step')
    .on('fact_messages')
    .columns(['store_id', 'journey_id', 'journey_version', 'step_id', 'outcome'])
    .execute();
  await db.schema
    .createIndex('fact_messages_by_customer')
    .on('fact_messages')
    .columns(['store_id', 'customer_id', 'at_ms'])
    .execute();

  await db.schema
    .createTable('fact_clicks')
    .addColumn('id', 'integer', id)
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('clicked_ms', 'bigint', (c) => c.notNull())
    // Why the click looks like a machine's (measurement/botClicks.ts); null for a person.
    .addColumn('bot_reason', 'text')
    .addColumn('demo', 'integer', demo)
    .execute();
  await db.schema
    .createIndex('fact_clicks_by_customer')
    .on('fact_clicks')
    .columns(['store_id', 'customer_id', 'clicked_ms'])
    .execute();
  await db.schema
    .createIndex('fact_clicks_by_message')
    .on('fact_clicks')
    .columns(['store_id', 'message_key', 'clicked_ms'])
    .execute();
  await db.schema
    .createIndex('fact_clicks_by_step')
    .on('fact_clicks')
    .columns(['store_id', 'journey_id', 'step_id'])
    .execute();

  await db.schema
    .createTable('journey_entries')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('journey_version', 'text', (c) => c.notNull())
    .addColumn('holdout', 'integer', (c) => c.notNull())
    .addColumn('entered_ms', 'bigint', (c) => c.notNull())
    .addColumn('demo', 'integer', demo)
    .addPrimaryKeyConstraint('journey_entries_pk', ['store_id', 'journey_id', 'customer_id', 'order_id'])
    .execute();
  await db.schema
    .createIndex('journey_entries_by_time')
    .on('journey_entries')
    .columns(['store_id', 'journey_id', 'entered_ms'])
    .execute();
}
