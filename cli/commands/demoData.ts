import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { type FactCounts, generateSyntheticFacts } from '../../measurement/syntheticFacts';
import { openStores } from '../../storage';
import type { Database } from '../../storage/schema';
import { loadConfig } from '../../temporal.config';
import { textTable } from '../textTable';

export const DEMO_STORE = 'demo';
const DEMO_MONTHS = 6;
/** The same demo on every machine, unless asked for another. */
const DEMO_SEED = 20261201;
const DEMO_TABLES = ['fact_orders', 'fact_messages', 'fact_clicks', 'journey_entries'] as const;

/** Rows marked demo = 1, by table; zero everywhere when no demo data is loaded. */
export async function countDemoRows(db: Kysely<Database>): Promise<Partial<FactCounts>> {
  const counts: Partial<FactCounts> = {};
  for (const table of DEMO_TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).where('demo', '=', 1).executeTakeFirstOrThrow();
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
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('fact_orders as o')
            .select('o.order_id')
            .where('o.demo', '=', 1)
            .whereRef('o.store_id', '=', 'fact_events.store_id')
            .whereRef('o.order_id', '=', 'fact_events.order_id'),
        ),
      )
      .executeTakeFirst();
    const counts: Partial<FactCounts> = { fact_events: Number(events.numDeletedRows) };
    for (const table of DEMO_TABLES) counts[table] = Number((await trx.deleteFrom(table).where('demo', '=', 1).executeTakeFirst()).numDeletedRows);
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
    throw new Error(`demo data is already loaded (${existing.fact_orders ?? 0} demo orders): --replace loads it afresh, --remove deletes it`);
  if (loaded) await removeDemoData(db);
  return generateSyntheticFacts(db, { storeId: DEMO_STORE, customers: options.customers, months: DEMO_MONTHS, now: options.now, seed: options.seed, demo: true });
}

const countTable = (counts: Partial<FactCounts>) =>
  textTable(['table', 'rows'], Object.entries(counts).map(([table, n]) => [table, (n ?? 0).toLocaleString('en-US')]));

function parseCount(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} "${text}": give a whole number from ${min}`);
  return n;
}

/**
 * `afterglow demo-data`: fills the reports with made-up but believable facts for store "demo", so the report
 * pages can be seen before real orders come in. Every row is marked demo = 1 and `--remove` takes them all out.
 */
export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description('load six months of made-up measurement facts for store "demo" (marked demo = 1), or remove them')
    .option('--replace', 'remove the demo data already loaded, then load it again')
    .option('--remove', 'delete every demo row (demo = 1) and load nothing')
    .option('--customers <n>', 'how many made-up customers', '3000')
    .option('--seed <n>', 'another seed gives another (equally made-up) store', String(DEMO_SEED))
    .action(async (flags: { replace?: boolean; remove?: boolean; customers: string; seed: string }) => {
      if (flags.replace && flags.remove) throw new Error('--replace and --remove: give one of them');
      const customers = parseCount(flags.customers, '--customers', 1);
      const seed = parseCount(flags.seed, '--seed', 0);
      const config = loadConfig();
      const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      // Never the URL itself: it may carry a password.
      const where = stores.dialect === 'postgres' ? 'the PostgreSQL database of DATABASE_URL' : `${config.dataDir}/afterglow.db`;
      try {
        if (flags.remove) {
          const removed = await removeDemoData(stores.db);
          process.stdout.write(`Removed the DEMO DATA (every row marked demo = 1) from ${where}:\n${countTable(removed)}\n`);
          return;
        }
        const started = performance.now();
        const counts = await loadDemoData(stores.db, { customers, seed, now: Date.now(), replace: !!flags.replace });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `Loaded DEMO DATA into ${where} in ${seconds} s: ${customers.toLocaleString('en-US')} made-up customers of store "${DEMO_STORE}" ` +
            `over ${DEMO_MONTHS} months, every row marked demo = 1. Not real customers, orders or revenue.\n\n${countTable(counts)}\n\n` +
            `See it at /report?storeId=${DEMO_STORE} on the API. Remove it with \`afterglow demo-data --remove\`.\n`,
        );
      } finally {
        await stores.close();
      }
    });
}
