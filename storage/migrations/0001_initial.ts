import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Migrations are frozen history: they spell out their own value lists instead of importing today's from schema.ts.
const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

// `any`: a migration sees the schema as it was then, not as schema.ts types it today.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // See storage/columns.ts: real types on PostgreSQL, ISO text and 0/1 on SQLite.
  const time = postgres ? 'timestamptz' : 'text';
  const flag = postgres ? 'boolean' : 'integer';

  await db.schema
    .createTable('suppressions')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('until', time)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('lifted_at', time)
    .addColumn('lifted_source', 'text')
    .addPrimaryKeyConstraint('suppressions_pk', ['store_id', 'email_hash', 'reason'])
    .addCheckConstraint(
      'suppressions_reason',
      oneOf('reason', ['hard-bounce', 'complaint', 'unsubscribe', 'support', 'pause']),
    )
    .addCheckConstraint('suppressions_scope', oneOf('scope', ['marketing', 'all']))
    .execute();
  await db.schema
    .createIndex('suppressions_by_customer')
    .on('suppressions')
    .columns(['store_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('consent_changes')
    // Insertion order breaks ties between changes with the same `at`.
    .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('marketing', flag, (c) => c.notNull())
    .addColumn('until', time)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('recorded_at', time, (c) => c.notNull())
    // The same change recorded twice (a retried activity or webhook) is one change; doubles as the lookup index.
    .addUniqueConstraint('consent_changes_once', ['store_id', 'customer_id', 'at', 'source', 'marketing'])
    .addCheckConstraint(
      'consent_changes_source',
      oneOf('source', ['order', 'unsubscribe', 'preference-page', 'support', 'event']),
    )
    .execute();

  await db.schema
    .createTable('send_ledger')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addColumn('claims', 'integer', (c) => c.notNull())
    .addColumn('claimed_at', time, (c) => c.notNull())
    .addColumn('sent_at', time)
    .addColumn('smtp_response', 'text')
    .addColumn('failure_reason', 'text')
    .addCheckConstraint('send_ledger_status', oneOf('status', ['claimed', 'sent', 'failed']))
    .execute();
}
