import { setTimeout as sleep } from 'node:timers/promises';
import type { JourneyGateway } from '../../client/journeyGateway';
import type { OrderImportStore } from '../../storage/orderImports';
import type { ImportItem } from './importFile';
import type { ImportProgress } from './progress';

export interface ImportCounts {
  imported: number;
  /** Imported by an earlier run (or earlier in this file: a repeated order id). */
  already: number;
  /** Left for the next run: the import was stopped (Ctrl-C) before them. */
  remaining: number;
}

export interface ImportOptions {
  storeId: string;
  /** The journey gateway with the facts recorder (measurement/recordingGateway.ts), as the API uses it. */
  gateway: JourneyGateway;
  imports: Pick<OrderImportStore, 'importedAmong' | 'markImported'>;
  /** Orders per second: the pace orders reach Temporal at, whatever the file's size. */
  rate: number;
  progress: ImportProgress;
  /** True once the user asked to stop: the order in flight finishes, the rest waits for the next run. */
  stopped?: () => boolean;
  now?: () => number;
}

/**
 * Hands the file's orders to their journeys, oldest first (so each customer's newest order arrives last and knows
 * their whole history), at `rate` per second. An order is marked imported only once its journey has it: a run killed
 * in between sends that order again next time, which the journey and the facts take as the repeat it is.
 */
export async function runImport(items: ImportItem[], options: ImportOptions): Promise<ImportCounts> {
  const { storeId, gateway, imports, rate, progress, stopped = () => false, now = Date.now } = options;
  const ordered = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => Date.parse(a.item.order.placedAt) - Date.parse(b.item.order.placedAt) || a.index - b.index)
    .map(({ item }) => item);
  const done = await imports.importedAmong(
    storeId,
    ordered.map((i) => i.order.orderId),
  );
  const counts: ImportCounts = { imported: 0, already: 0, remaining: 0 };
  const start = now();
  for (const [position, { order, events }] of ordered.entries()) {
    if (stopped()) {
      counts.remaining = ordered.length - position;
      break;
    }
    if (done.has(order.orderId)) {
      counts.already++;
      progress.tick('already');
      continue;
    }
    const due = start + (counts.imported * 1000) / rate;
    if (due > now()) await sleep(due - now());
    await gateway.placeOrder({ ...order, imported: true });
    for (const event of events)
      await gateway.reportEvent({ ...event, storeId, customerId: order.customer.id, orderId: order.orderId });
    await imports.markImported(storeId, order.orderId);
    done.add(order.orderId);
    counts.imported++;
    progress.tick('imported');
  }
  return counts;
}
