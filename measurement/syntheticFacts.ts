import type { Kysely } from 'kysely';
import { rebuildMessageDays } from './messageDays';
import type { Database } from '../storage/schema';
import { DAY } from './synthetic/constants';
import { simulateCustomer } from './synthetic/customer';
import { seededRandom } from './synthetic/random';
import { type FactCounts, factWriter } from './synthetic/writer';

export type { FactCounts } from './synthetic/writer';

export interface SyntheticFactsOptions {
  storeId: string;
  customers: number;
  /** First orders are spread over this many months (30 days each) before `now`. */
  months: number;
  /** Epoch ms; nothing is generated after it. */
  now: number;
  seed: number;
  /** Marks every row `demo = 1` (removable with `afterglow demo-data --remove`). */
  demo: boolean;
}

/**
 * Writes a store's worth of believable measurement facts (storage/migrations/0005_measurement.ts): customers
 * entering the post-purchase journey, its messages and clicks, reorders with a modest true lift for the treated
 * group, refunds, and each order credited the way measurement/facts.ts does. Deterministic for a seed. Fake ids
 * only; addresses exist only as hashes of made-up ones. Returns the rows written per table.
 */
export async function generateSyntheticFacts(
  db: Kysely<Database>,
  options: SyntheticFactsOptions,
): Promise<FactCounts> {
  const store = {
    storeId: options.storeId,
    demo: options.demo ? (1 as const) : (0 as const),
    now: options.now,
    since: options.now - options.months * 30 * DAY,
    rng: seededRandom(options.seed),
  };
  const writer = factWriter(db);
  for (let i = 0; i < options.customers; i++) await writer.add(simulateCustomer(store, i));
  const counts = await writer.finish();
  // Written in bulk past measurement/facts.ts, so the daily counts the funnel reads are made here.
  await db.transaction().execute((tx) => rebuildMessageDays(tx, options.storeId));
  return counts;
}
