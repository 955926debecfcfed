import type { Command } from 'commander';
import { DEMO_MONTHS, DEMO_SEED, DEMO_STORE, loadDemoData, removeDemoData } from '../../measurement/demoData';
import type { FactCounts } from '../../measurement/syntheticFacts';
import { openStores } from '../../storage';
import { loadConfig } from '../../temporal.config';
import { textTable } from '../textTable';

const countTable = (counts: Partial<FactCounts>) =>
  textTable(
    ['table', 'rows'],
    Object.entries(counts).map(([table, n]) => [table, (n ?? 0).toLocaleString('en-US')]),
  );

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
      const where =
        stores.dialect === 'postgres' ? 'the PostgreSQL database of DATABASE_URL' : `${config.dataDir}/afterglow.db`;
      try {
        if (flags.remove) {
          const removed = await removeDemoData(stores.db);
          process.stdout.write(
            `Removed the DEMO DATA (every row marked demo = 1) from ${where}:\n${countTable(removed)}\n`,
          );
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
