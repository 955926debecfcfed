import { type Kysely, PostgresAdapter, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

/**
 * Erasure and export (privacy/):
 * - `customer_keys`: each customer's data key, wrapped under the vault's master key. The personal fields that travel
 *   through Temporal are sealed under it; deleting the row is what makes every copy of them unreadable.
 * - `privacy_requests`: exports and erasures, stored before they are acknowledged and carried out until done; an
 *   erasure's row is the record that it happened (ids, times, source; addresses only as hashes).
 * - `address_blocks` gains the reason `erased`: the hashed addresses an erasure leaves on the suppression list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = postgres ? 'timestamptz' : 'text';

  await db.schema
    .createTable('customer_keys')
    // Random, and the only thing a sealed value names: a customer who returns after an erasure gets a new one.
    .addColumn('key_ref', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('customer_keys_one_per_customer', ['store_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    // Null for a whole store's erasure.
    .addColumn('customer_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON array of sha256 address hashes the requester named (never the addresses).
    .addColumn('email_hashes', 'text', (c) => c.notNull())
    // An export, sealed under the customer's key: unreadable once they are erased.
    .addColumn('result', 'text')
    // What was done (counts, ids), or why it has not been done yet.
    .addColumn('detail', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_at', time, (c) => c.notNull())
    .addColumn('next_attempt_at', time, (c) => c.notNull())
    .addColumn('completed_at', time)
    .addCheckConstraint('privacy_requests_kind', oneOf('kind', ['export', 'erasure', 'store-erasure']))
    .addCheckConstraint('privacy_requests_status', oneOf('status', ['pending', 'done']))
    .execute();
  await db.schema
    .createIndex('privacy_requests_due')
    .on('privacy_requests')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('privacy_requests_by_customer')
    .on('privacy_requests')
    .columns(['store_id', 'customer_id'])
    .execute();

  const reasons = ['hard-bounce', 'complaint', 'support', 'unsubscribe', 'erased'];
  if (postgres) {
    await sql`alter table address_blocks drop constraint address_blocks_reason`.execute(db);
    await sql`alter table address_blocks add constraint address_blocks_reason check (${oneOf('reason', reasons)})`.execute(
      db,
    );
    return;
  }
  // SQLite cannot change a check constraint: the table is rebuilt with the new one.
  await db.schema
    .createTable('address_blocks_next')
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
    .addCheckConstraint('address_blocks_reason', oneOf('reason', reasons))
    .execute();
  await sql`insert into address_blocks_next select store_id, email_hash, customer_id, reason, source, created_at, updated_at, lifted_at, lifted_source from address_blocks`.execute(
    db,
  );
  await db.schema.dropTable('address_blocks').execute();
  await db.schema.alterTable('address_blocks_next').renameTo('address_blocks').execute();
  await db.schema
    .createIndex('address_blocks_by_customer')
    .on('address_blocks')
    .columns(['store_id', 'customer_id'])
    .execute();
}
