import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Customers' answers to the questions of the feedback and win-back emails. One row per message, question and
 * product: a later answer to the same question replaces the earlier one (first_answered_at keeps when it began).
 * The comment is the customer's own words: personal data, kept here only (never in Temporal or logs).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = postgres ? 'timestamptz' : 'text';
  await db.schema
    .createTable('answers')
    .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    // '' for an answer about the whole order: part of the unique key, which treats NULLs as distinct.
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('test', 'integer', (c) => c.notNull())
    .addColumn('first_answered_at', time, (c) => c.notNull())
    .addColumn('answered_at', time, (c) => c.notNull())
    .addUniqueConstraint('answers_once', ['store_id', 'customer_id', 'message_key', 'question', 'sku'])
    .execute();
  await db.schema.createIndex('answers_by_store_time').on('answers').columns(['store_id', 'answered_at']).execute();
}
