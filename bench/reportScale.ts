import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { cohortReport } from '../measurement/reports/cohortReport';
import { journeyReport } from '../measurement/reports/journeyReport';
import { generateSyntheticFacts } from '../measurement/syntheticFacts';
import { openDatabase, type SqlDialect, type Storage } from '../storage/database';
import { startThrowawayPostgres } from '../storage/throwawayPostgres';
import { type BenchRow, int } from './shared';

const STORE = 'bench';
const NOW = Date.parse('2026-12-01T00:00:00Z');
const MONTHS = 6;
/**
 * What one synthetic customer brings over 6 months (measured: seed 1, 10,000 customers). The journey sends about
 * 7.6 messages per order, so the two sizes asked for cannot both be met: the population stops at the first one
 * reached, and the detail line gives what was generated.
 */
const MESSAGES_PER_CUSTOMER = 9.75;
const ORDERS_PER_CUSTOMER = 1.29;
/** The report pages should answer within this. */
const BUDGET_MS = 2_000;
const RUNS = 3;

/** Median of RUNS timed calls, in ms: the first pays for a cold cache, the median does not. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function measure(dialect: SqlDialect, storage: Storage, customers: number) {
  const started = performance.now();
  const counts = await generateSyntheticFacts(storage.db, {
    storeId: STORE,
    customers,
    months: MONTHS,
    now: NOW,
    seed: 1,
    demo: false,
  });
  const loadSeconds = (performance.now() - started) / 1000;
  // Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would have them on a live store.
  await sql`analyze`.execute(storage.db);
  const scan = await timed(() => sql`select count(*), sum(at_ms) from fact_messages`.execute(storage.db));
  const journey = await timed(() =>
    journeyReport(storage.db, { storeId: STORE, journeyId: 'post-purchase', now: NOW }),
  );
  const cohorts = await timed(() => cohortReport(storage.db, { storeId: STORE, now: NOW }));
  const baseline = { baselineName: 'full scan of fact_messages (count, sum)', baseline: scan };
  const rows: BenchRow[] = [
    { name: `journey report (${dialect})`, value: journey, unit: 'ms', ...baseline, ratio: journey / scan },
    { name: `cohort report (${dialect})`, value: cohorts, unit: 'ms', ...baseline, ratio: cohorts / scan },
  ];
  const under = (ms: number) => (ms < BUDGET_MS ? 'under 2 s' : 'OVER 2 s');
  const detail =
    `${dialect}: ${int(counts.fact_messages)} messages, ${int(counts.fact_orders)} orders, ${int(counts.fact_clicks)} clicks, ` +
    `${int(counts.journey_entries)} entries loaded in ${loadSeconds.toFixed(1)} s; journey report ${under(journey)}, cohort report ${under(cohorts)}`;
  return { rows, detail };
}

/**
 * The report queries (measurement/reports/) on a store of up to `messages` message facts and `orders` orders, on SQLite
 * (a temp file) and PostgreSQL (a throwaway cluster), each against a full scan of fact_messages in the same database:
 * the ratio says how much of the table a report effectively reads. Median of 3 runs each.
 */
export async function reportScale(messages: number, orders: number): Promise<{ rows: BenchRow[]; detail: string }> {
  const customers = Math.ceil(Math.min(messages / MESSAGES_PER_CUSTOMER, orders / ORDERS_PER_CUSTOMER));
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-bench-reports-'));
  const postgres = await startThrowawayPostgres();
  const results: Array<Awaited<ReturnType<typeof measure>>> = [];
  try {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const storage = await openDatabase({
        dataDir: dir,
        databaseUrl: dialect === 'postgres' ? postgres.url : undefined,
      });
      try {
        results.push(await measure(dialect, storage, customers));
      } finally {
        await storage.close();
      }
    }
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    rows: results.flatMap((r) => r.rows),
    detail: `${int(customers)} synthetic customers over ${MONTHS} months. ${results.map((r) => r.detail).join('; ')}`,
  };
}
