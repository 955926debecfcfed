import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema';

/**
 * The currency a report sums revenue in: the one asked for, else the store's most frequent. Orders in other
 * currencies are counted apart, never added to it.
 */
export async function reportCurrency(db: Kysely<Database>, storeId: string, asked?: string): Promise<string | undefined> {
  if (asked) return asked;
  const top = await db
    .selectFrom('fact_orders')
    .select(['currency', (eb) => eb.fn.countAll().as('n')])
    .where('store_id', '=', storeId)
    .groupBy('currency')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirst();
  return top?.currency;
}
