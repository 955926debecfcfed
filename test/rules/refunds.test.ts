import type { JourneyEvent, RefundDetails } from '../../domain/events';
import { recordEvent, recordOrder, startRuns } from '../../rules/applySignals';
import type { CustomerState, PlannedMessage } from '../../rules/journeyState';
import { itemSkus } from '../../rules/messageItems';
import { emptyState, journey, order, product, runPlan, store } from '../helpers/fixtures';

/**
 * Refunds that name their products (rules/refunds.ts): only the refunded products' messages end, the whole order's
 * once every product is refunded (or the refunds reach its total). Without details, a refund is the whole order's.
 */
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'how-to', template: 'how-to', category: 'service', forEach: 'product', at: { after: '1d' } },
    { id: 'feedback', template: 'feedback', category: 'service', at: { after: '3w' } },
    {
      id: 'refill',
      template: 'refill',
      category: 'marketing',
      forEach: 'product',
      at: { after: '25d' },
      exitOn: ['order.reordered'],
    },
  ],
});
/** A journey that goes on after a refund (only a cancellation ends it). */
const keepsGoing = journey({
  id: 'k',
  name: 'K',
  trigger: { event: 'order.placed' },
  exitOn: ['order.cancelled'],
  steps: [{ id: 'tips', template: 'how-to', category: 'service', forEach: 'product', at: { after: '1d' } }],
});
const catalog = ['A', 'B', 'C'].map((sku) => product(sku));
const line = (sku: string, quantity = 1) => ({ sku, title: sku, quantity, unitPrice: '10.00' });

function stateWith(
  lines = [line('A'), line('B')],
  total = '20.00',
  plans = [runPlan(definition, catalog)],
): CustomerState {
  const o = order({ lineItems: lines, total });
  const state = emptyState();
  recordOrder(state, o, Date.parse(o.placedAt));
  startRuns(state, o, plans);
  return state;
}

let at = Date.parse('2026-03-06T00:00:00Z');
function refunded(state: CustomerState, refund?: RefundDetails, partialRefunds = true): void {
  const event: JourneyEvent = {
    type: 'order.refunded',
    storeId: 'default',
    customerId: 'c-42',
    orderId: '1001',
    occurredAt: new Date(at).toISOString(),
    ...(refund && { refund }),
  };
  recordEvent(state, event, (at += 60_000), partialRefunds);
}

/** Every message of the first run as "step:SKUs=status" (SKUs "order" for the whole order). */
const statuses = (state: CustomerState, run = 0) =>
  state.runs[run].messages.map(
    (m: PlannedMessage) => `${m.stepId}:${itemSkus(m.item)?.join('+') ?? 'order'}=${m.status}`,
  );

describe('a refund that names its products', () => {
  it.each<{
    name: string;
    lines?: ReturnType<typeof line>[];
    refunds: Array<RefundDetails | undefined>;
    expected: string[];
    whole: boolean;
    log: RegExp;
  }>([
    {
      name: 'no details: the whole order, exactly as before',
      refunds: [undefined],
      expected: [
        'how-to:A=cancelled',
        'how-to:B=cancelled',
        'feedback:order=cancelled',
        'refill:A=cancelled',
        'refill:B=cancelled',
      ],
      whole: true,
      log: /^order\.refunded at /,
    },
    {
      name: "one of two products: only that product's messages end",
      refunds: [{ refundId: 'R1', amount: '10.00', items: [{ sku: 'A' }] }],
      expected: [
        'how-to:A=cancelled',
        'how-to:B=pending',
        'feedback:order=pending',
        'refill:A=cancelled',
        'refill:B=pending',
      ],
      whole: false,
      log: /^order\.refunded in part at .* \(refund R1 of 10\.00 USD\): products refunded: A; 2 message\(s\) about them end$/,
    },
    {
      name: 'one unit of two: the product is still there, nothing ends',
      lines: [line('A', 2), line('B')],
      refunds: [{ refundId: 'R1', amount: '10.00', items: [{ sku: 'A', quantity: 1 }] }],
      expected: [
        'how-to:A=pending',
        'how-to:B=pending',
        'feedback:order=pending',
        'refill:A=pending',
        'refill:B=pending',
      ],
      whole: false,
      log: /no product refunded in full; no message ends$/,
    },
    {
      name: 'the second unit in a second refund: now the product ends',
      lines: [line('A', 2), line('B')],
      refunds: [
        { refundId: 'R1', items: [{ sku: 'A', quantity: 1 }] },
        { refundId: 'R2', items: [{ sku: 'A', quantity: 1 }] },
      ],
      expected: [
        'how-to:A=cancelled',
        'how-to:B=pending',
        'feedback:order=pending',
        'refill:A=cancelled',
        'refill:B=pending',
      ],
      whole: false,
      log: /\(refund R2\): products refunded: A; 2 message\(s\) about them end$/,
    },
    {
      name: 'every product, over two refunds: the whole order',
      refunds: [
        { refundId: 'R1', amount: '10.00', items: [{ sku: 'A' }] },
        { refundId: 'R2', amount: '5.00', items: [{ sku: 'B', quantity: 1 }] },
      ],
      expected: [
        'how-to:A=cancelled',
        'how-to:B=cancelled',
        'feedback:order=cancelled',
        'refill:A=cancelled',
        'refill:B=cancelled',
      ],
      whole: true,
      log: /\(refund R2 of 5\.00 USD\): the whole order, every product of the order refunded$/,
    },
    {
      name: 'the same refund delivered twice counts once',
      lines: [line('A', 2), line('B')],
      refunds: [
        { refundId: 'R1', items: [{ sku: 'A', quantity: 1 }] },
        { refundId: 'R1', items: [{ sku: 'A', quantity: 1 }] },
      ],
      expected: [
        'how-to:A=pending',
        'how-to:B=pending',
        'feedback:order=pending',
        'refill:A=pending',
        'refill:B=pending',
      ],
      whole: false,
      log: /^refund R1 already received$/,
    },
    {
      name: 'money only, reaching the order total: the whole order',
      refunds: [
        { refundId: 'R1', amount: '12.50' },
        { refundId: 'R2', amount: '7.5' },
      ],
      expected: [
        'how-to:A=cancelled',
        'how-to:B=cancelled',
        'feedback:order=cancelled',
        'refill:A=cancelled',
        'refill:B=cancelled',
      ],
      whole: true,
      log: /the whole order, refunds reach the order total \(20\.00 USD\)$/,
    },
    {
      name: 'money only, short of the total or in another currency: nothing ends',
      refunds: [
        { refundId: 'R1', amount: '19.99' },
        { refundId: 'R2', amount: '500.00', currency: 'JPY' },
      ],
      expected: [
        'how-to:A=pending',
        'how-to:B=pending',
        'feedback:order=pending',
        'refill:A=pending',
        'refill:B=pending',
      ],
      whole: false,
      log: /\(refund R2 of 500\.00 JPY\): no product refunded in full; no message ends$/,
    },
    {
      name: 'a partial refund after the whole order was refunded changes nothing',
      refunds: [undefined, { refundId: 'R1', items: [{ sku: 'A' }] }],
      expected: [
        'how-to:A=cancelled',
        'how-to:B=cancelled',
        'feedback:order=cancelled',
        'refill:A=cancelled',
        'refill:B=cancelled',
      ],
      whole: true,
      log: /^order\.refunded already received$/,
    },
  ])('$name', ({ lines, refunds, expected, whole, log }) => {
    const state = stateWith(lines);
    for (const refund of refunds) refunded(state, refund);

    expect(statuses(state)).toEqual(expected);
    expect(state.runs[0].status).toBe(whole ? 'exited' : 'active');
    expect(!!state.orders[0].refundedAt).toBe(whole);
    expect(state.log.at(-1)!.detail).toMatch(log);
  });

  it('keeps the refunds it applied on the order, with their amounts', () => {
    const state = stateWith();
    refunded(state, { refundId: 'R1', amount: '10.00', currency: 'USD', items: [{ sku: 'A', quantity: 1 }] });
    expect(state.orders[0].refunds).toEqual([
      { refundId: 'R1', at: expect.any(String), amount: '10.00', currency: 'USD', items: [{ sku: 'A', quantity: 1 }] },
    ]);
  });

  it('leaves the messages of a journey that does not end on a refund', () => {
    const state = stateWith([line('A'), line('B')], '20.00', [runPlan(keepsGoing, catalog)]);
    refunded(state, { refundId: 'R1', items: [{ sku: 'A' }] });
    expect(statuses(state)).toEqual(['tips:A=pending', 'tips:B=pending']);
  });

  it('narrows a combined message to the products kept, and ends it with the last one', () => {
    const limited = {
      ...runPlan(definition, catalog),
      store: { ...store, sending: { ...store.sending, combineProductMessagesAbove: 2 } },
    };
    const state = stateWith([line('A'), line('B'), line('C')], '30.00', [limited]);
    expect(statuses(state)).toEqual(['how-to:A+B+C=pending', 'feedback:order=pending', 'refill:A+B+C=pending']);
    const key = state.runs[0].messages[0].key;

    refunded(state, { refundId: 'R1', items: [{ sku: 'A' }] });
    expect(statuses(state)).toEqual(['how-to:B+C=pending', 'feedback:order=pending', 'refill:B+C=pending']);
    refunded(state, { refundId: 'R2', items: [{ sku: 'B' }] });
    expect(state.runs[0].messages[0]).toMatchObject({ key, item: { kind: 'product', sku: 'C' }, status: 'pending' });
    refunded(state, { refundId: 'R3', items: [{ sku: 'C' }] });
    expect(state.runs[0].status).toBe('exited');
  });

  it('replays a journey that heard of such a refund before partial refunds existed as a refund of the whole order', () => {
    const state = stateWith();
    refunded(state, { refundId: 'R1', items: [{ sku: 'A' }] }, false);
    expect(state.runs[0].status).toBe('exited');
    expect(state.orders[0]).toMatchObject({ refundedAt: expect.any(String) });
    expect(state.orders[0].refunds).toBeUndefined();
  });
});
