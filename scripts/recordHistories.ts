/**
 * Records workflow histories for the replay test: `npx tsx scripts/recordHistories.ts`.
 * Run it when a release's workflow code is final; commit the files, never edit them. Later workflow changes must
 * replay these (or branch with patched()), because journeys already running will replay exactly these events.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import fs from 'node:fs';
import path from 'node:path';
import { loadContent } from '../definitions/content';
import { Order } from '../domain/order';
import { customerWorkflowId } from '../workflows/messages';
import { DAY, REPO_ROOT, startJourneyHarness } from '../test/support/journeyHarness';

async function main() {
  const content = loadContent(REPO_ROOT);
  const sku = [...content.products.values()].find((p) => p.milestones.length && p.daysOfSupply)!.sku;
  const h = await startJourneyHarness(() => content);
  try {
    const order = (orderId: string, placedAt: number) =>
      Order.parse({
        orderId,
        placedAt: new Date(placedAt).toISOString(),
        currency: 'USD',
        total: '49.00',
        customer: { id: 'c-replay', email: 'replay@example.com', firstName: 'Ada', acceptsMarketing: true, timezone: 'Asia/Tokyo' },
        lineItems: [{ sku, title: 'Product', quantity: 1, unitPrice: '49.00' }, { sku: 'NOT-IN-CATALOG', title: 'Mystery', quantity: 1, unitPrice: '5.00' }],
      });
    const first = order('r-1', await h.now());
    await h.gateway.placeOrder(first);
    await h.env.sleep(2 * DAY);
    await h.gateway.reportEvent({ type: 'order.delivered', storeId: 'default', customerId: 'c-replay', orderId: 'r-1', occurredAt: new Date(await h.now()).toISOString() });
    await h.env.sleep(30 * DAY);
    await h.gateway.placeOrder(order('r-2', await h.now()));
    await h.env.sleep(3 * DAY);
    await h.gateway.reportEvent({ type: 'order.refunded', storeId: 'default', customerId: 'c-replay', orderId: 'r-2', occurredAt: new Date(await h.now()).toISOString() });
    await h.env.sleep(200 * DAY);
    const history = await h.env.client.workflow.getHandle(customerWorkflowId('default', 'c-replay')).fetchHistory();
    const file = path.join(REPO_ROOT, 'test/histories', `customer-journey-${new Date().toISOString().slice(0, 10)}.json`);
    fs.writeFileSync(file, historyToJSON(history));
    console.log(`wrote ${file} (${history.events?.length} events)`);
  } finally {
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
