import { temporalJourneyGateway } from '../../client/journeyGateway';
import { Order } from '../../domain/order';
import { customerWorkflowId, orderPlaced } from '../../workflows/signals';
import { fixtureContent } from '../helpers/fixtureContent';
import { DAY, type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';

const content = fixtureContent();
const sku = [...content.products.values()][0].sku;

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness(() => content);
});
afterAll(() => h?.close());

it('continues as new when the history grows, carrying its state and every signal sent meanwhile', async () => {
  const workflowId = customerWorkflowId('default', 'c-can');
  const handle = await h.env.client.workflow.start('customerJourney', {
    workflowId,
    taskQueue: 'journeys-test',
    args: [{ v: 1, storeId: 'default', customerId: 'c-can', maxHistoryEvents: 40 }],
  });
  const orders = [];
  for (let i = 1; i <= 12; i++) {
    const order = Order.parse({
      orderId: `can-${i}`,
      placedAt: new Date(await h.now()).toISOString(),
      currency: 'USD',
      total: '10.00',
      customer: { id: 'c-can', email: 'c-can@example.com', acceptsMarketing: false },
      lineItems: [{ sku, title: 'Product', quantity: 1, unitPrice: '10.00' }],
    });
    orders.push(order);
    await handle.signal(orderPlaced, order);
  }
  await h.env.sleep(DAY);
  const state = await h.state('c-can');
  expect(state.orders.map((o) => o.orderId)).toEqual(orders.map((o) => o.orderId));
  // Every order's confirmation (the reassurance, then a returning customer's thanks) went out exactly once although
  // the runs changed underneath.
  const confirmations = h.sink.mails.filter(
    (m) =>
      m.envelopeTo.includes('c-can@example.com') &&
      ['reassurance', 'thanks-again'].includes(m.parsed.headers.get('x-afterglow-step') as string),
  );
  expect(confirmations).toHaveLength(12);
  expect(new Set(confirmations.map((m) => m.parsed.messageId)).size).toBe(12);
  const description = await h.env.client.workflow.getHandle(workflowId).describe();
  expect(description.runId).not.toBe(handle.firstExecutionRunId);
});

it("continues as new at the history length the gateway's maxHistoryEvents sets (the history recorder's option)", async () => {
  const gateway = temporalJourneyGateway(h.env.client, 'journeys-test', {
    searchAttributes: false,
    maxHistoryEvents: 10,
  });
  const { workflowId } = await gateway.placeOrder(
    Order.parse({
      orderId: 'short-1',
      placedAt: new Date(await h.now()).toISOString(),
      currency: 'USD',
      total: '10.00',
      customer: { id: 'c-short', email: 'c-short@example.com', acceptsMarketing: false },
      lineItems: [{ sku, title: 'Product', quantity: 1, unitPrice: '10.00' }],
    }),
  );
  await h.env.sleep(DAY);
  const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  // The default (4,000 events) would keep one run for the whole day.
  expect(started?.continuedExecutionRunId).toBeTruthy();
  expect((await h.state('c-short')).orders.map((o) => o.orderId)).toEqual(['short-1']);
});
