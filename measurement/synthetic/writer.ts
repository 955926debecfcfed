import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../storage/schema';
import type { CustomerFacts } from './customer';

const TABLES = {
  orders: 'fact_orders',
  events: 'fact_events',
  messages: 'fact_messages',
  clicks: 'fact_clicks',
  entries: 'journey_entries',
} as const satisfies Record<keyof CustomerFacts, keyof Database>;
export type FactTable = (typeof TABLES)[keyof typeof TABLES];
export type FactCounts = Record<FactTable, number>;

/** Rows per INSERT: well under SQLite's 32,766 bound variables (fact_messages has 14 columns). */
const ROWS_PER_INSERT = 1_000;
/** Rows per transaction: one commit per few thousand rows is what makes SQLite fast; memory stays flat. */
const ROWS_PER_TRANSACTION = 20_000;

const emptyFacts = (): CustomerFacts => ({ orders: [], events: [], messages: [], clicks: [], entries: [] });

/** Collects customers' facts and writes them in multi-row inserts, a transaction per batch. */
export function factWriter(db: Kysely<Database>) {
  let pending = emptyFacts();
  let pendingRows = 0;
  // The batch being written: the next one is simulated meanwhile (the database works while Node computes).
  let writing: Promise<void> = Promise.resolve();
  const counts: FactCounts = { fact_orders: 0, fact_events: 0, fact_messages: 0, fact_clicks: 0, journey_entries: 0 };

  async function write(batch: CustomerFacts): Promise<void> {
    await db.transaction().execute(async (trx) => {
      for (const part of Object.keys(TABLES) as Array<keyof CustomerFacts>) {
        const table = TABLES[part];
        const rows = batch[part] as Array<Insertable<Database[typeof table]>>;
        for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
          await trx
            .insertInto(table)
            .values(rows.slice(i, i + ROWS_PER_INSERT))
            .execute();
        counts[table] += rows.length;
      }
    });
  }

  /** Starts writing what is pending, once the previous batch is written (one transaction at a time). */
  async function flush(): Promise<void> {
    const batch = pending;
    pending = emptyFacts();
    pendingRows = 0;
    await writing;
    writing = write(batch);
    // Awaited by the next flush or by finish(); until then a failure must not count as unhandled.
    writing.catch(() => {});
  }

  return {
    async add(facts: CustomerFacts): Promise<void> {
      for (const part of Object.keys(TABLES) as Array<keyof CustomerFacts>) {
        (pending[part] as unknown[]).push(...facts[part]);
        pendingRows += facts[part].length;
      }
      if (pendingRows >= ROWS_PER_TRANSACTION) await flush();
    },
    async finish(): Promise<FactCounts> {
      if (pendingRows > 0) await flush();
      await writing;
      return counts;
    },
  };
}
