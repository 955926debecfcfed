import type { Kysely } from 'kysely';
import { runImport } from '../../cli/import/runImport';
import type { JourneyGateway } from '../../client/journeyGateway';
import { Order } from '../../domain/order';
import type { Database } from '../../storage/schema';
import { orderImportStore } from '../../storage/orderImports';
import { RECORDED_DAY_MS } from './fastContent';
import { orderOf, type RecordedRun, type Recording, stateShows } from './recording';
import { settled } from './waits';
import { customerWorkflowId } from '../../workflows/signals';

const daysAgo = (days: number) => new Date(Date.now() - days * RECORDED_DAY_MS).toISOString();

/**
 * Search attributes full: two past orders of one customer imported by `afterglow import orders`' own loop (the
 * patched('imported-orders') path): the older one's run superseded, the newer one keeping only what is still ahead.
 */
export async function importedHistory(
  { full: api, client }: Recording,
  gateway: JourneyGateway,
  db: Kysely<Database>,
): Promise<RecordedRun[]> {
  const customerId = 'c-import';
  const items = [
    {
      order: Order.parse({ ...orderOf(customerId, 'I-1', ['COFFEE-ETHIOPIA-250']), placedAt: daysAgo(40) }),
      events: [],
      where: 'recording:1',
    },
    {
      order: Order.parse({ ...orderOf(customerId, 'I-2', ['COFFEE-ETHIOPIA-250']), placedAt: daysAgo(20) }),
      events: [],
      where: 'recording:2',
    },
  ];
  const quiet = { tick: () => undefined, stop: () => undefined };
  await runImport(items, { storeId: 'default', gateway, imports: orderImportStore(db), rate: 10, progress: quiet });
  await stateShows(api, customerId, 'both imported orders', (s) => s.orders.length === 2);
  const handle = client.workflow.getHandle(customerWorkflowId('default', customerId));
  await settled(handle, customerId);
  return [{ name: 'imported-history', workflowId: handle.workflowId, runId: (await handle.describe()).runId }];
}
