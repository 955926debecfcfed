import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Webhook deliveries already taken, by the provider's delivery id. Shopify signs the body but not the shop header,
 * so a captured delivery replayed with another shop's domain is recognised here by its X-Shopify-Webhook-Id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = db.getExecutor().adapter instanceof PostgresAdapter ? 'timestamptz' : 'text';
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('received_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['provider', 'delivery_id'])
    .execute();
}
