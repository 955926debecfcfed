import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import { type FactCounts, generateSyntheticFacts } from './syntheticFacts';

export const DEMO_STORE = 'demo';
export const DEMO_MONTHS = 6;
/** The same demo on every machine, unless asked for another. */
export const DEMO_SEED = 20261201;
const DEMO_TABLES = ['fact_orders', 'fact_messages', 'fact_clicks', 'journey_entries'] as const;

/** Rows marked demo = 1, by table; zero everywhere when no demo data is loaded. */
async function countDemoRows(db: Kysely<Database>): Promise<Partial<FactCounts>> {
  const counts: Partial<FactCounts> = {};
  for (const table of DEMO_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('demo', '=', 1)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Deletes every demo row in one transaction, so a report never sees half the demo. fact_events has no demo column:
 * its demo rows are the events of demo orders, deleted before those orders.
 */
export async function removeDemoData(db: Kysely<Database>): Promise<Partial<FactCounts>> {
  return db.transaction().execute(async (trx) => {
    const events = await trx
      .deleteFrom('fact_events')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('fact_orders as o')
            .select('o.order_id')
            .where('o.demo', '=', 1)
            .whereRef('o.store_id', '=', 'fact_events.store_id')
            .whereRef('o.order_id', '=', 'fact_events.order_id'),
        ),
      )
      .executeTakeFirst();
    const counts: Partial<FactCounts> = { fact_events: Number(events.numDeletedRows) };
    for (const table of DEMO_TABLES)
      counts[table] = Number((await trx.deleteFrom(table).where('demo', '=', 1).executeTakeFirst()).numDeletedRows);
    // The demo's share of the daily message counts goes with it.
    await trx.deleteFrom('fact_message_days').where('demo', '=', 1).execute();
    return counts;
  });
}

export interface LoadDemoOptions {
  customers: number;
  seed: number;
  now: number;
  /** Remove the demo data already there first; without it, loading twice is refused. */
  replace: boolean;
}

/** Loads six months of synthetic facts for store "demo", marked demo = 1. */
export async function loadDemoData(db: Kysely<Database>, options: LoadDemoOptions): Promise<FactCounts> {
  const existing = await countDemoRows(db);
  const loaded = Object.values(existing).some((n) => n > 0);
  if (loaded && !options.replace)
    throw new Error(
      `demo data is already loaded (${existing.fact_orders ?? 0} demo orders): --replace loads it afresh, --remove deletes it`,
    );
  if (loaded) await removeDemoData(db);
  return generateSyntheticFacts(db, {
    storeId: DEMO_STORE,
    customers: options.customers,
    months: DEMO_MONTHS,
    now: options.now,
    seed: options.seed,
    demo: true,
  });
}
