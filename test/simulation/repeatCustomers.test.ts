import { sampleOrder } from '../../authoring/sampleMessage';
import { Order } from '../../domain/order';
import { runSimulation, type SimulationInput } from '../../simulation/runSimulation';
import { parseSimulationEvent } from '../../simulation/simulationEvents';
import { formatTimeline, type TimelineRow, timelineRows } from '../../simulation/timeline';
import { fixtureContent } from '../helpers/fixtureContent';

/**
 * Issue #16 measured on the real workflow (time-skipping server): a loyal customer is thanked, not spammed, and a
 * first-time buyer still gets the whole journey.
 */
const content = fixtureContent();
const first = sampleOrder(content.products, 'en', new Date('2026-03-02T15:00:00Z')); // 10:00 in New York
const SKU = first.lineItems[0].sku;
const simulate = (events: string[], extra: Partial<SimulationInput> = {}) =>
  runSimulation({ order: first, events: events.map(parseSimulationEvent), content, ...extra });
const sent = (rows: TimelineRow[], stepId: string) => rows.filter((r) => r.stepId === stepId && r.status === 'sent');
/** Sent messages per step, for the log: the before/after of the issue. */
const countsByStep = (rows: TimelineRow[]) =>
  Object.fromEntries(
    [...new Set(rows.map((r) => r.stepId))].map((id) => [id, sent(rows, id).length]).filter(([, n]) => n),
  );

it('a monthly re-buyer over two years: at most 2.5 emails a month, how-to and milestones once, feedback at most twice', async () => {
  const reorders = Array.from({ length: 24 }, (_, i) => `reorder@+${30 * (i + 1)}d`);
  const result = await simulate(['delivered@+2d', ...reorders]);
  const rows = timelineRows(result);
  const emails = rows.filter((r) => r.status === 'sent');
  console.log(
    `monthly re-buyer, 25 orders in 24 months: ${emails.length} emails ${JSON.stringify(countsByStep(rows))}`,
  );

  expect(result.state.orders).toHaveLength(25);
  expect(emails.length / 24).toBeLessThanOrEqual(2.5);
  expect(sent(rows, 'how-to')).toHaveLength(1);
  const milestones = content.products.get(SKU)!.milestones.length;
  expect(milestones).toBeGreaterThan(0);
  expect(sent(rows, 'milestone')).toHaveLength(milestones);
  expect(sent(rows, 'feedback').length).toBeGreaterThanOrEqual(1);
  expect(sent(rows, 'feedback').length).toBeLessThanOrEqual(2);
  // Told "you chose well" once; every later order is thanked as a returning customer.
  expect(sent(rows, 'reassurance')).toHaveLength(1);
  expect(sent(rows, 'thanks-again')).toHaveLength(24);
  expect(sent(rows, 'cross-sell')).toHaveLength(1);
  expect(sent(rows, 'delivery-check')).toHaveLength(0);
  const lastThanks = result.mails.find((m) => m.subject.includes(`${first.orderId}-R24`));
  expect(lastThanks?.text).toContain('this is your order number 25');
});

it('a first-time buyer gets the full journey, as before', async () => {
  const rows = timelineRows(await simulate(['delivered@+2d']));
  console.log(formatTimeline(rows, 'America/New_York'));
  const milestones = content.products.get(SKU)!.milestones.length;
  expect(rows.filter((r) => r.status === 'sent').map((r) => r.stepId)).toEqual([
    'reassurance',
    'how-to',
    'milestone',
    'cross-sell',
    'feedback',
    'milestone',
    'upsell',
    'refill',
    'milestone',
    'win-back',
  ]);
  expect(milestones).toBe(3);
  expect(rows.find((r) => r.stepId === 'thanks-again')).toMatchObject({ status: 'skipped' });
});

it("a second product a month later gets its own how-to and milestones, not the first one's again, and no cross-sell of what they own", async () => {
  const cleanser = content.products.get('GENTLE-CLEANSER')!;
  expect(content.products.get(SKU)!.crossSell).toContain('GENTLE-CLEANSER');
  const second = Order.parse({
    ...first,
    orderId: 'B-1',
    total: '24.00',
    lineItems: [{ sku: cleanser.sku, title: cleanser.name.en, quantity: 1, unitPrice: '24.00' }],
  });
  const rows = timelineRows(
    await simulate(['delivered@+2d', 'delivered@+32d'], { laterOrders: [{ order: second, afterMs: 30 * 86_400_000 }] }),
  );
  const ofSecond = rows.filter((r) => r.orderId === 'B-1');
  expect(sent(ofSecond, 'thanks-again')).toHaveLength(1);
  expect(sent(ofSecond, 'how-to').map((r) => r.item)).toEqual([cleanser.sku]);
  expect(sent(ofSecond, 'milestone')).toHaveLength(cleanser.milestones.length);
  expect(sent(rows, 'how-to').map((r) => r.item)).toEqual([SKU, cleanser.sku]);
  // The cleanser's complement is the serum the customer already owns.
  expect(ofSecond.find((r) => r.stepId === 'cross-sell')).toMatchObject({
    status: 'skipped',
    note: 'no cross-sell products for this order',
  });
});
