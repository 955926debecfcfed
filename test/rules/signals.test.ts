import type { JourneyEvent } from '../../domain/events';
import { recordConsent, recordEvent, recordOrder, startRuns } from '../../rules/applySignals';
import { evaluate, factsFor } from '../../rules/conditions';
import { decide, recommendedSkus } from '../../rules/decide';
import { refreshRun } from '../../rules/schedule';
import { journeyMatches } from '../../rules/trigger';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service' },
    { id: 'cross-sell', template: 'cross-sell', category: 'marketing', recommend: 'crossSell', at: { after: '10d' } },
    {
      id: 'feedback',
      template: 'feedback',
      category: 'service',
      at: { after: '3w' },
      when: { fact: 'reviewed', is: false },
    },
    {
      id: 'win-back',
      template: 'win-back',
      category: 'marketing',
      at: { after: '60d' },
      exitOn: ['order.reordered'],
      when: { fact: 'repurchasedSince', is: false },
    },
  ],
});
const products = [product('SERUM', { crossSell: ['CLEANSER'] }), product('CLEANSER')];
const event = (type: JourneyEvent['type'], orderId = '1001'): JourneyEvent => ({
  type,
  storeId: 'default',
  customerId: 'c-42',
  orderId,
  occurredAt: '2026-03-05T00:00:00Z',
});

/** Mid-afternoon in Tokyo, the fixture customer's zone: inside the default send window. */
const NOW = Date.parse('2026-03-03T06:00:00Z');

function withOrder(o = order()) {
  const state = emptyState();
  recordOrder(state, o, Date.parse(o.placedAt));
  startRuns(state, o, [runPlan(definition, products)]);
  // Every message is dated as due now so the decision rules are what the tests look at.
  for (const m of state.runs[0].messages) m.dueAt = new Date(NOW).toISOString();
  return state;
}

describe('orders and events', () => {
  it('ignores an order it has already received', () => {
    const state = withOrder();
    expect(recordOrder(state, order(), 0)).toBe(false);
    expect(state.orders).toHaveLength(1);
    expect(state.log.at(-1)).toMatchObject({ kind: 'ignored', detail: 'order already received' });
  });

  it('a delivery reported twice changes nothing the second time', () => {
    const state = withOrder();
    recordEvent(state, event('order.delivered'), 1);
    const before = JSON.stringify(state.runs);
    recordEvent(state, { ...event('order.delivered'), occurredAt: '2026-03-09T00:00:00Z' }, 2);
    expect(JSON.stringify(state.runs)).toBe(before);
    expect(state.orders[0].deliveredAt).toBe('2026-03-05T00:00:00Z');
  });

  it('a reorder cancels the earlier win-back but not its other messages', () => {
    const state = withOrder();
    recordOrder(state, order({ orderId: '1002', placedAt: '2026-04-01T00:00:00Z' }), 5);
    const first = state.runs[0];
    expect(first.messages.find((m) => m.stepId === 'win-back')).toMatchObject({
      status: 'cancelled',
      reason: 'customer reordered (order 1002)',
    });
    expect(first.messages.find((m) => m.stepId === 'feedback')).toMatchObject({ status: 'pending' });
  });

  it('a refund ends every remaining message of that order', () => {
    const state = withOrder();
    recordEvent(state, event('order.refunded'), 5);
    expect(state.runs[0].status).toBe('exited');
    expect(state.runs[0].messages.length).toBeGreaterThan(0);
    expect(state.runs[0].messages.every((m) => m.status === 'cancelled')).toBe(true);
  });

  it('an event for an unknown order is logged and ignored', () => {
    const state = withOrder();
    recordEvent(state, event('order.cancelled', '999'), 5);
    expect(state.runs[0].status).toBe('active');
    expect(state.log.at(-1)).toMatchObject({ kind: 'ignored', detail: 'order.cancelled for an unknown order' });
  });
});

describe('decisions', () => {
  it('skips marketing without consent, never service', () => {
    const state = withOrder(
      order({ customer: { id: 'c-42', email: 'a@example.com', acceptsMarketing: false, timezone: 'Asia/Tokyo' } }),
    );
    const [hello, crossSell] = state.runs[0].messages;
    expect(decide(state, state.runs[0], hello, NOW)).toEqual({ action: 'send' });
    expect(decide(state, state.runs[0], crossSell, NOW)).toEqual({
      action: 'skip',
      kind: 'consent',
      reason: 'no marketing consent',
    });
  });

  it('skips feedback once the customer reviewed', () => {
    const state = withOrder();
    recordEvent(state, event('review.submitted'), 1);
    const feedback = state.runs[0].messages.find((m) => m.stepId === 'feedback')!;
    expect(decide(state, state.runs[0], feedback, NOW)).toEqual({
      action: 'skip',
      kind: 'condition',
      reason: 'the customer reviewed the order, so no feedback',
    });
  });

  it('recommends complements not already bought, and skips when there are none', () => {
    const state = withOrder();
    const run = state.runs[0];
    expect(recommendedSkus(run, null, 'crossSell')).toEqual(['CLEANSER']);
    const both = withOrder(
      order({
        lineItems: [
          { sku: 'SERUM', title: 'Serum', quantity: 1, unitPrice: '1' },
          { sku: 'CLEANSER', title: 'Cleanser', quantity: 1, unitPrice: '1' },
        ],
      }),
    );
    const crossSell = both.runs[0].messages.find((m) => m.stepId === 'cross-sell')!;
    expect(decide(both, both.runs[0], crossSell, NOW)).toEqual({
      action: 'skip',
      kind: 'nothing-to-recommend',
      reason: 'no cross-sell products for this order',
    });
  });

  it('evaluates nested conditions over loyalty facts', () => {
    const state = withOrder();
    recordOrder(state, order({ orderId: '1002', placedAt: '2026-04-01T00:00:00Z', total: '120.00' }), 1);
    recordOrder(state, order({ orderId: '1003', placedAt: '2026-05-01T00:00:00Z', total: '80.00' }), 2);
    const facts = factsFor(state, state.runs[0], null, NOW);
    expect(facts).toMatchObject({
      firstOrder: true,
      repurchasedSince: true,
      vip: true,
      orderCount: 3,
      lifetimeSpend: 249,
    });
    expect(evaluate({ all: [{ fact: 'vip', is: true }, { not: { fact: 'lifetimeSpend', lt: 200 } }] }, facts)).toBe(
      true,
    );
    expect(
      evaluate(
        {
          any: [
            { fact: 'productTag', anyOf: ['coffee'] },
            { fact: 'orderTotal', gte: 100 },
          ],
        },
        facts,
      ),
    ).toBe(false);
    recordEvent(state, event('order.refunded', '1002'), 3);
    expect(factsFor(state, state.runs[0], null, NOW)).toMatchObject({ vip: false, orderCount: 2 });
  });
});

describe('triggers', () => {
  const filtered = journey({
    id: 'coffee-first',
    name: 'Coffee, first order',
    trigger: { event: 'order.placed', filters: { productTags: ['coffee'], firstOrder: true, minTotal: 20 } },
    steps: [{ id: 'hello', template: 'reassurance', category: 'service' }],
  });
  const beans = { BEANS: product('BEANS', { tags: ['coffee'] }) };
  const coffeeOrder = order({
    total: '25.00',
    lineItems: [{ sku: 'BEANS', title: 'Beans', quantity: 1, unitPrice: '25.00' }],
  });

  it('matches only when every filter holds', () => {
    expect(journeyMatches(filtered, coffeeOrder, { firstOrder: true }, beans)).toBe(true);
    expect(journeyMatches(filtered, coffeeOrder, { firstOrder: false }, beans)).toBe(false);
    expect(journeyMatches(filtered, order({ total: '25.00' }), { firstOrder: true }, beans)).toBe(false);
    expect(journeyMatches(filtered, { ...coffeeOrder, total: '10.00' }, { firstOrder: true }, beans)).toBe(false);
  });

  it('a run refreshed after its last message completes', () => {
    const state = withOrder();
    state.runs[0].messages.forEach((m) => Object.assign(m, { status: 'sent', resolvedAt: '2026-03-02T15:00:00Z' }));
    refreshRun(state.runs[0], Date.now());
    expect(state.runs[0].status).toBe('completed');
  });
});

describe('the journey log and consent records (applySignals)', () => {
  it('keeps the newest 200 log entries', () => {
    const state = withOrder();
    for (let i = 0; i < 250; i++) recordEvent(state, event('order.delivered', `unknown-${i}`), i);
    expect(state.log).toHaveLength(200);
    expect(state.log[0].orderId).toBe('unknown-50');
    expect(state.log.at(-1)!.orderId).toBe('unknown-249');
  });

  it.each<[string, string, boolean, string]>([
    ['a later choice stands', '2026-03-03T00:00:01Z', true, 'unsubscribed'],
    ['a choice at the same instant stands (later wins, ties included)', '2026-03-03T00:00:00Z', true, 'unsubscribed'],
    ['an earlier choice is ignored', '2026-03-02T23:59:59Z', false, 'subscribed'],
  ])(
    'replays the plain "later wins" rule where the journey recorded consent before the customer rule: %s',
    (_name, at, stands, status) => {
      const state = withOrder();
      recordConsent(state, { status: 'subscribed', at: '2026-03-03T00:00:00Z', source: 'one-click' }, NOW, false);
      recordConsent(state, { status: 'unsubscribed', at, source: 'store' }, NOW, false);
      expect(state.marketing?.status).toBe(status);
      expect(state.log.at(-1)).toMatchObject(
        stands
          ? { kind: 'consent', detail: 'marketing unsubscribed (store)' }
          : {
              kind: 'ignored',
              detail:
                'marketing unsubscribed from store does not override the current choice (subscribed from one-click)',
            },
      );
    },
  );

  it('logs a pause with its end', () => {
    const state = withOrder();
    recordConsent(
      state,
      { status: 'paused', until: '2026-04-02T00:00:00Z', at: '2026-03-03T00:00:00Z', source: 'preference-page' },
      NOW,
    );
    expect(state.log.at(-1)).toEqual({
      at: new Date(NOW).toISOString(),
      kind: 'consent',
      detail: 'marketing paused until 2026-04-02T00:00:00Z (preference-page)',
    });
  });

  it.each<[JourneyEvent['type'], 'deliveredAt' | 'refundedAt' | 'cancelledAt' | 'reviewedAt']>([
    ['order.delivered', 'deliveredAt'],
    ['order.refunded', 'refundedAt'],
    ['order.cancelled', 'cancelledAt'],
    ['review.submitted', 'reviewedAt'],
  ])('records %s on the order as %s', (type, field) => {
    const state = withOrder();
    recordEvent(state, event(type), NOW);
    expect(state.orders[0][field]).toBe('2026-03-05T00:00:00Z');
    expect(state.log.at(-1)).toEqual({
      at: new Date(NOW).toISOString(),
      kind: 'event',
      orderId: '1001',
      detail: `${type} at 2026-03-05T00:00:00Z`,
    });
  });
});
