import { recordEvent, recordOrder, startRuns } from '../../rules/applySignals';
import { factsFor, loyaltyTotals } from '../../rules/conditions';
import type { AnswerRecord, CustomerState, MessageItem } from '../../rules/journeyState';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T03:00:00Z');
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [{ id: 'how-to', template: 'how-to', category: 'service', forEach: 'product' }],
});
const products = [product('SERUM', { tags: ['skincare', 'serum'] }), product('TONER', { tags: ['toner'] })];

type Line = { sku: string; quantity?: number; productTags?: string[] };

/**
 * Ada's history: a serum (day 0, USD 10), then the order the facts are about (day 10, USD 30: two serums tagged
 * "gift" by the store, a toner tagged "refill", a gift card the catalog does not know), then a cancelled order
 * (day 20, JPY 4,500). The first order was delivered and reviewed; the second was not.
 */
function ada(later: 'cancelled' | 'kept' = 'cancelled'): CustomerState {
  const state = emptyState();
  const place = (orderId: string, day: number, total: string, currency: string, lines: Line[]) => {
    const o = order({
      orderId,
      placedAt: new Date(T0 + day * DAY).toISOString(),
      total,
      currency,
      lineItems: lines.map((l) => ({ title: l.sku, unitPrice: '10.00', quantity: 1, ...l })),
    });
    recordOrder(state, o, T0 + day * DAY);
    startRuns(state, o, [runPlan(definition, products)]);
  };
  place('O1', 0, '10.00', 'USD', [{ sku: 'SERUM' }]);
  place('O2', 10, '30.00', 'USD', [
    { sku: 'SERUM', quantity: 2, productTags: ['gift', 'skincare'] },
    { sku: 'TONER', productTags: ['refill'] },
    { sku: 'GIFTCARD' },
  ]);
  place('O3', 20, '4500', 'JPY', [{ sku: 'TONER' }]);
  const event = (type: 'order.delivered' | 'review.submitted' | 'order.cancelled', orderId: string, day: number) =>
    recordEvent(
      state,
      { type, storeId: 'default', customerId: 'c-42', orderId, occurredAt: new Date(T0 + day * DAY).toISOString() },
      T0 + day * DAY,
    );
  event('order.delivered', 'O1', 2);
  event('review.submitted', 'O1', 5);
  if (later === 'cancelled') event('order.cancelled', 'O3', 21);
  const answer = (orderId: string, day: number, question: AnswerRecord['question'], choice: string, sku?: string) => ({
    at: new Date(T0 + day * DAY).toISOString(),
    answerId: day,
    orderId,
    messageKey: `${orderId}/j/how-to`,
    question,
    choice,
    hasComment: false,
    changes: [],
    ...(sku && { sku }),
  });
  state.answers = [
    answer('O2', 30, 'feedback', '2', 'SERUM'),
    answer('O2', 31, 'feedback', '5', 'TONER'),
    answer('O2', 32, 'win-back', 'price'),
    answer('O1', 33, 'feedback', '1'),
    answer('O1', 34, 'win-back', 'quality'),
  ];
  return state;
}

const runOf = (state: CustomerState, orderId: string) => state.runs.find((r) => r.orderId === orderId)!;
const NOW = T0 + 40 * DAY;
const SERUM: MessageItem = { kind: 'product', sku: 'SERUM' };
const TONER: MessageItem = { kind: 'product', sku: 'TONER' };
const BOTH: MessageItem = { kind: 'combined', items: [SERUM, TONER] };

describe('the facts a condition sees (factsFor)', () => {
  it('about one product of an order: its own quantity, tags, rating and owned days; the history around the order', () => {
    const state = ada();
    expect(factsFor(state, runOf(state, 'O2'), SERUM, NOW)).toMatchObject({
      firstOrder: false,
      repurchasedSince: false, // the later order was cancelled
      reviewed: false, // the first order was reviewed, not this one
      delivered: false,
      orderTotal: 30,
      orderCount: 2, // the cancelled order does not count
      lifetimeSpend: 40,
      itemQuantity: 2,
      productTags: ['gift', 'skincare', 'serum'],
      skus: ['SERUM'],
      rating: 2, // this order's rating of this product: not the toner's, not the first order's
      answer: ['price'], // this order's win-back answers only
      daysOwned: 40, // since the first order
    });
  });

  it.each<[string, MessageItem, object]>([
    ['the other product', TONER, { itemQuantity: 1, productTags: ['refill', 'toner'], rating: 5, daysOwned: 30 }],
    [
      'both products in one message: quantities add up, the newest product decides the days owned',
      BOTH,
      { itemQuantity: 3, productTags: ['gift', 'skincare', 'refill', 'serum', 'toner'], rating: 5, daysOwned: 30 },
    ],
    [
      'the whole order, a product the catalog does not know included',
      null,
      {
        itemQuantity: 4,
        productTags: ['gift', 'skincare', 'refill', 'serum', 'toner'],
        skus: ['SERUM', 'TONER', 'GIFTCARD'],
      },
    ],
  ])('about %s', (_name, item, expected) => {
    const state = ada();
    expect(factsFor(state, runOf(state, 'O2'), item, NOW)).toMatchObject(expected);
  });

  it('the first order is the first, delivered and reviewed, and was repurchased since only by a kept order', () => {
    const state = ada();
    expect(factsFor(state, runOf(state, 'O1'), SERUM, NOW)).toMatchObject({
      firstOrder: true,
      repurchasedSince: true, // the second order, kept
      delivered: true,
      reviewed: true,
      rating: 1, // an answer without a product counts for every product of its order
      answer: ['quality'],
    });
    const kept = ada('kept');
    expect(factsFor(kept, runOf(kept, 'O2'), SERUM, NOW).repurchasedSince).toBe(true);
  });

  it('totals the kept orders per currency and in all', () => {
    expect(loyaltyTotals(ada())).toEqual({ orderCount: 2, lifetimeSpend: 40, spendByCurrency: { USD: 40 } });
    expect(loyaltyTotals(ada('kept'))).toEqual({
      orderCount: 3,
      lifetimeSpend: 4540,
      spendByCurrency: { USD: 40, JPY: 4500 },
    });
  });
});
