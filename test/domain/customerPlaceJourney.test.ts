import path from 'node:path';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { mapShopifyOrder } from '../../api/shopify/mapOrder';
import { ShopifyOrder } from '../../api/shopify/shopifyOrderSchema';
import { Order } from '../../domain/order';
import { runSimulation } from '../../simulation/runSimulation';
import { parseSimulationEvent } from '../../simulation/simulationEvents';
import { timelineRows } from '../../simulation/timeline';
import { fixtureContent } from '../helpers/fixtureContent';

// The customer's zone from the address (customerPlace.test.ts), followed through the real workflow on a
// time-skipping server: a workflow-tier test, kept apart so the unit tests of the zone start no server.
it('the Japanese Shopify order (Tokyo address, no time zone) is scheduled on Tokyo hours by the real workflow', async () => {
  const payload = ShopifyOrder.parse(
    JSON.parse(readFileSync(path.join(__dirname, '..', 'api', 'fixtures', 'shopify-orders-create.json'), 'utf8')),
  );
  const mapped = mapShopifyOrder(payload, 'default');
  if (!('order' in mapped)) throw new Error(mapped.skipped);
  const order = Order.parse(mapped.order);
  expect(order.customer).toMatchObject({ timezone: 'Asia/Tokyo', timezoneSource: 'address' });
  const content = fixtureContent();
  const result = await runSimulation({ order, events: [parseSimulationEvent('delivered@+2d')], content });
  expect(result.zone).toBe('Asia/Tokyo');
  const windowed = timelineRows(result).filter(
    (r) => r.status === 'sent' && !['reassurance', 'thanks-again'].includes(r.stepId),
  );
  expect(windowed.length).toBeGreaterThanOrEqual(3);
  for (const row of windowed) {
    const hour = DateTime.fromMillis(row.at!, { zone: 'Asia/Tokyo' }).hour;
    expect([row.stepId, hour >= 9 && hour < 20]).toEqual([row.stepId, true]);
  }
});
