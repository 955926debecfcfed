import { type Kysely, PostgresAdapter, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

/**
 * One opt-out model. Before: `consent_changes` (a yes/no with its own source names) and `suppressions`, which mixed
 * what a customer chose (unsubscribe, pause) with what is known about an address (bounces, complaints). After:
 * - `consent_changes`: the customer's marketing choices, in the API's own words (subscribed, unsubscribed, paused;
 *   store, one-click, preference-page, support);
 * - `address_blocks`: facts about an address, kept as its hash (hard bounce, complaint, support's stop, and an
 *   unsubscribe known only by address);
 * - `outbox`: signals to journeys, written in the same transaction as the choice they carry.
 * Existing rows are carried over; a suppression that was a customer's choice becomes a consent change (and a lifted
 * one a later "subscribed" by support). A pause known only by address cannot be a choice: one still running becomes
 * an address unsubscribe, an ended one is dropped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = postgres ? 'timestamptz' : 'text';
  const now = new Date().toISOString();
  const yes = postgres ? sql`marketing` : sql`marketing = 1`;

  await db.schema
    .createTable('consent_choices')
    .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('until', time)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('recorded_at', time, (c) => c.notNull())
    .addUniqueConstraint('consent_choices_once', ['store_id', 'customer_id', 'at', 'source', 'status'])
    .addCheckConstraint('consent_choices_status', oneOf('status', ['subscribed', 'unsubscribed', 'paused']))
    .addCheckConstraint('consent_choices_source', oneOf('source', ['store', 'one-click', 'preference-page', 'support']))
    .execute();
  await sql`
    insert into consent_choices (store_id, customer_id, status, until, source, at, recorded_at)
    select store_id, customer_id,
      case when ${yes} then 'subscribed' when until is not null then 'paused' else 'unsubscribed' end,
      until,
      case source when 'unsubscribe' then 'one-click' when 'preference-page' then 'preference-page'
                  when 'support' then 'support' else 'store' end,
      at, recorded_at
    from consent_changes where true
    order by id
    on conflict do nothing`.execute(db);
  const customerChoice = oneOf('reason', ['unsubscribe', 'pause']);
  await sql`
    insert into consent_choices (store_id, customer_id, status, until, source, at, recorded_at)
    select store_id, customer_id,
      case reason when 'pause' then 'paused' else 'unsubscribed' end,
      until,
      case when source in ('one-click', 'list-unsubscribe', 'unsubscribe', 'preference-page') then 'one-click' else 'support' end,
      created_at, updated_at
    from suppressions where customer_id is not null and ${customerChoice}
    on conflict do nothing`.execute(db);
  await sql`
    insert into consent_choices (store_id, customer_id, status, until, source, at, recorded_at)
    select store_id, customer_id, 'subscribed', null, 'support', lifted_at, lifted_at
    from suppressions where customer_id is not null and ${customerChoice} and lifted_at is not null
    on conflict do nothing`.execute(db);
  await db.schema.dropTable('consent_changes').execute();
  await db.schema.alterTable('consent_choices').renameTo('consent_changes').execute();

  await db.schema
    .createTable('address_blocks')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('lifted_at', time)
    .addColumn('lifted_source', 'text')
    .addPrimaryKeyConstraint('address_blocks_pk', ['store_id', 'email_hash', 'reason'])
    .addCheckConstraint(
      'address_blocks_reason',
      oneOf('reason', ['hard-bounce', 'complaint', 'support', 'unsubscribe']),
    )
    .execute();
  await db.schema
    .createIndex('address_blocks_by_customer')
    .on('address_blocks')
    .columns(['store_id', 'customer_id'])
    .execute();
  await sql`
    insert into address_blocks (store_id, email_hash, customer_id, reason, source, created_at, updated_at, lifted_at, lifted_source)
    select store_id, email_hash, customer_id,
      case when reason in ('unsubscribe', 'pause') then 'unsubscribe' else reason end,
      source, created_at, updated_at, lifted_at, lifted_source
    from suppressions
    where (customer_id is null or not (${customerChoice}))
      and not (reason = 'pause' and until <= ${postgres ? sql`${now}::timestamptz` : now})
    on conflict do nothing`.execute(db);
  await db.schema.dropTable('suppressions').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', time, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['next_attempt_at']).execute();
}
