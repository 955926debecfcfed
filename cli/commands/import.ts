import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { searchAttributesOf, temporalJourneyGateway } from '../../client/journeyGateway';
import { sealingJourneyGateway } from '../../privacy/sealingGateway';
import { personalDataVault } from '../../privacy/vault';
import { localVaultKeys } from '../localSecrets';
import { loadContent } from '../../definitions/content';
import { attributionWindowMs, recordingGateway } from '../../measurement/recordingGateway';
import { openStores } from '../../storage';
import { orderImportStore } from '../../storage/orderImports';
import { readCsvOrders } from '../import/csvOrders';
import type { ImportFile } from '../import/importFile';
import { importProgress } from '../import/progress';
import { runImport } from '../import/runImport';
import { readShopifyOrders } from '../import/shopifyOrders';
import { addDirOption, contentDir, plural } from '../options';
import { withTemporalClient } from '../temporalClient';
import { storeId } from './support';

/** Orders per second unless --rate says otherwise: 10,000 orders in about 17 minutes, a trickle for Temporal. */
const DEFAULT_RATE = 10;
/** Problems listed before "… and N more": enough to see the pattern of a broken export. */
const SHOWN_PROBLEMS = 30;

function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000)
    throw new InvalidArgumentError('give orders per second, more than 0 and at most 1000');
  return n;
}

const formatOf = (file: string) => (path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'shopify');

function readImportFile(file: string, format: 'csv' | 'shopify', store: string): ImportFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      cause: err,
    });
  }
  return format === 'csv' ? readCsvOrders(file, text, store) : readShopifyOrders(file, text, store);
}

/**
 * `afterglow import orders <file> --store <id>`: past orders into their customers' journeys, so history counts
 * (order count, lifetime spend, VIP, the reports) while only what is still ahead is sent (rules/importedOrders.ts).
 * Exit codes: 0 done, 1 the file has problems (nothing imported) or a dependency failed, 130 stopped with Ctrl-C.
 */
export function registerImport(program: Command): void {
  const orders = program
    .command('import')
    .description('bring past data into Afterglow')
    .command('orders')
    .description(
      'import past orders from a CSV or a Shopify orders export (docs/integrations/import.md); rerun to resume',
    )
    .argument(
      '<file>',
      'a .csv with the documented columns, or a Shopify export: { "orders": [...] } or one order per line',
    )
    .requiredOption('--store <storeId>', 'the store the orders belong to', storeId)
    .addOption(
      new Option('--format <format>', 'the file kind (default: csv for .csv files, else shopify)').choices([
        'csv',
        'shopify',
      ]),
    )
    .option('--rate <ordersPerSecond>', 'orders handed to Temporal per second', rate, DEFAULT_RATE)
    .option('--dry-run', 'check the whole file and say what would be imported; import nothing');
  addDirOption(orders).action(
    async (
      file: string,
      flags: { store: string; format?: 'csv' | 'shopify'; rate: number; dryRun?: boolean; dir?: string },
    ) => {
      const read = readImportFile(file, flags.format ?? formatOf(file), flags.store);
      if (read.problems.length) {
        const shown = read.problems.slice(0, SHOWN_PROBLEMS).map((p) => `${p.where}: ${p.message}`);
        const more = read.problems.length - shown.length;
        throw new Error(
          `${file} has ${plural(read.problems.length, 'problem')}; nothing was imported:\n${shown.join('\n')}${more ? `\n… and ${more} more` : ''}`,
        );
      }
      const skippedLine = read.skipped.length
        ? `; ${plural(read.skipped.length, 'order')} skipped (${[...new Set(read.skipped.map((s) => s.reason))].join('; ')})`
        : '';
      if (flags.dryRun) {
        process.stdout.write(
          `${file}: ${plural(read.items.length, 'order')} to import into store "${flags.store}"${skippedLine}. Nothing imported (--dry-run).\n`,
        );
        return;
      }
      const content = loadContent(contentDir(flags.dir));
      await withTemporalClient(async (client, config) => {
        const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
        let stop = false;
        const onInterrupt = () => void (stop = true);
        process.once('SIGINT', onInterrupt);
        const progress = importProgress(read.items.length);
        try {
          // Sealed as the API seals them (privacy/sealingGateway.ts), so an erasure shreds imported orders too.
          const vaultKeys = localVaultKeys(config);
          const journeys = sealingJourneyGateway(
            temporalJourneyGateway(client, config.TEMPORAL_TASK_QUEUE, {
              searchAttributes: searchAttributesOf(config.AFTERGLOW_SEARCH_ATTRIBUTES),
            }),
            vaultKeys && personalDataVault(stores.db, vaultKeys.keys),
          );
          const counts = await runImport(read.items, {
            storeId: flags.store,
            gateway: recordingGateway(journeys, stores.facts, (store) => attributionWindowMs(content.stores, store)),
            imports: orderImportStore(stores.db),
            rate: flags.rate,
            progress,
            stopped: () => stop,
          });
          progress.stop();
          process.stdout.write(
            `Imported ${plural(counts.imported, 'order')} into store "${flags.store}"; ${counts.already.toLocaleString('en-US')} already there${skippedLine}.\n`,
          );
          if (counts.remaining) {
            process.stdout.write(
              `Stopped with ${plural(counts.remaining, 'order')} to go: run the same command again to resume.\n`,
            );
            process.exitCode = 130;
          }
        } catch (err) {
          progress.stop();
          // The SDK's own message is generic ("Failed to signalWithStart Workflow"); the server's reason is its cause.
          const cause = (err as Error).cause instanceof Error ? ` (${((err as Error).cause as Error).message})` : '';
          throw new Error(
            `${(err as Error).message}${cause}. The orders imported so far are kept: run the same command again to resume.`,
            { cause: err },
          );
        } finally {
          process.off('SIGINT', onInterrupt);
          await stores.close();
        }
      });
    },
  );
}
