import type { Condition } from '../../definitions/conditionSchema';
import { recordEvent, recordOrder, startRuns } from '../../rules/applySignals';
import { evaluate, factsFor } from '../../rules/conditions';
import { customerHistory, leastKnown, recordAsked } from '../../rules/customerHistory';
import { decide, recommendedSkus } from '../../rules/decide';
import type { CustomerState, MessageItem } from '../../rules/journeyState';
import { emptyState, journey, order, product, runPlan, store } from '../helpers/fixtures';

const DAY = 86_400_000;
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service', ceiling: 'exempt' },
    { id: 'how-to', template: 'how-to', category: 'service', forEach: 'product' },
    { id: 'cross-sell', template: 'cross-sell', category: 'marketing', recommend: 'crossSell' },
    { id: 'drop-me', template: 'cross-sell', category: 'marketing', whenCapped: 'drop' },
  ],
});
const products = [
  product('SERUM', { crossSell: ['CLEANSER', 'MASK'] }),
  product('CLEANSER'),
  product('MASK'),
  product('TONER'),
];
const T0 = Date.parse('2026-01-05T03:00:00Z'); // midday in Tokyo, the fixture customer's zone
const line = (sku: string) => ({ sku, title: sku, quantity: 1, unitPrice: '10.00' });

/** A customer who ordered these SKU lists on these days after T0 (each order with its own run). */
function customer(orders: [day: number, skus: string[]][], settings = store): CustomerState {
  const state = emptyState();
  orders.forEach(([day, skus], i) => {
    const o = order({
      orderId: `O${i + 1}`,
      placedAt: new Date(T0 + day * DAY).toISOString(),
      lineItems: skus.map(line),
    });
    recordOrder(state, o, T0 + day * DAY);
    startRuns(state, o, [{ ...runPlan(definition, products), store: settings }]);
  });
  return state;
}
const latestRun = (state: CustomerState) => state.runs[state.runs.length - 1];
const serum: MessageItem = { kind: 'product', sku: 'SERUM' };

describe('what the customer has bought and been asked (facts)', () => {
  it.each<
    [
      string,
      [number, string[]][],
      MessageItem,
      number,
      Partial<Record<'daysSinceBought' | 'daysOwned' | 'daysSinceFeedbackAsked', number | undefined>>,
    ]
  >([
    [
      'a first purchase: nothing bought before',
      [[0, ['SERUM']]],
      serum,
      0,
      { daysSinceBought: undefined, daysOwned: 0 },
    ],
    [
      'a monthly reorder: bought 30 days before, owned since the first',
      [
        [0, ['SERUM']],
        [30, ['SERUM']],
        [60, ['SERUM']],
      ],
      serum,
      60,
      { daysSinceBought: 30, daysOwned: 60 },
    ],
    [
      'another product bought before does not count',
      [
        [0, ['TONER']],
        [30, ['SERUM']],
      ],
      serum,
      30,
      { daysSinceBought: undefined, daysOwned: 0 },
    ],
    [
      'an order-wide message: one new product makes the order new',
      [
        [0, ['SERUM']],
        [30, ['SERUM', 'TONER']],
      ],
      null,
      30,
      { daysSinceBought: undefined },
    ],
    [
      'an order-wide message of known products: the longest gap',
      [
        [0, ['SERUM']],
        [10, ['TONER']],
        [40, ['SERUM', 'TONER']],
      ],
      null,
      40,
      { daysSinceBought: 40 },
    ],
  ])('%s', (_, orders, item, nowDay, expected) => {
    const facts = factsFor(customer(orders), latestRun(customer(orders)), item, T0 + nowDay * DAY);
    // Unknown facts are left out, so a condition on them holds neither way.
    for (const [fact, value] of Object.entries(expected)) {
      if (value === undefined) expect(facts).not.toHaveProperty(fact);
      else expect(facts).toHaveProperty(fact, value);
    }
  });

  it('a refunded or cancelled earlier order does not count as bought', () => {
    const state = customer([
      [0, ['SERUM']],
      [30, ['SERUM']],
    ]);
    recordEvent(
      state,
      {
        type: 'order.refunded',
        storeId: 'default',
        customerId: 'c-42',
        orderId: 'O1',
        occurredAt: new Date(T0 + DAY).toISOString(),
      },
      T0 + DAY,
    );
    expect(factsFor(state, latestRun(state), serum, T0 + 30 * DAY)).not.toHaveProperty('daysSinceBought');
  });

  it('orders recorded before SKUs were kept are read from their runs', () => {
    const state = customer([
      [0, ['SERUM']],
      [30, ['SERUM']],
    ]);
    delete state.orders[0].skus;
    expect(factsFor(state, latestRun(state), serum, T0 + 30 * DAY).daysSinceBought).toBe(30);
  });

  it('remembers when feedback was last asked about each product', () => {
    const state = customer([[0, ['SERUM', 'TONER']]]);
    expect(factsFor(state, latestRun(state), serum, T0 + 30 * DAY)).not.toHaveProperty('daysSinceFeedbackAsked');
    recordAsked(state, 'feedback', ['SERUM'], new Date(T0 + 20 * DAY).toISOString());
    expect(factsFor(state, latestRun(state), serum, T0 + 30 * DAY).daysSinceFeedbackAsked).toBe(10);
    // The whole order: TONER was never asked about, so the order counts as not asked.
    expect(factsFor(state, latestRun(state), null, T0 + 30 * DAY)).not.toHaveProperty('daysSinceFeedbackAsked');
  });

  const newToThem: Condition = { not: { fact: 'daysSinceBought', lt: 365 } };
  it.each<[string, [number, string[]][], boolean]>([
    ['first purchase', [[0, ['SERUM']]], true],
    [
      'bought a month ago',
      [
        [0, ['SERUM']],
        [30, ['SERUM']],
      ],
      false,
    ],
    [
      'not bought for more than a year: new again',
      [
        [0, ['SERUM']],
        [400, ['SERUM']],
      ],
      true,
    ],
  ])('"new to the customer" (not daysSinceBought < 365): %s → %s', (_, orders, expected) => {
    const state = customer(orders);
    expect(
      evaluate(newToThem, factsFor(state, latestRun(state), serum, Date.parse(latestRun(state).order.placedAt))),
    ).toBe(expected);
  });

  it.each<[(number | undefined)[], number | undefined]>([
    [[], undefined],
    [[3, undefined], undefined],
    [[3, 40, 12], 40],
  ])('leastKnown(%j) = %s', (values, expected) => expect(leastKnown(values)).toBe(expected));

  it('tells templates since when the customer buys, how many orders, and since when each product', () => {
    const state = customer([
      [0, ['TONER']],
      [30, ['SERUM']],
      [60, ['SERUM', 'MASK']],
    ]);
    expect(customerHistory(state, latestRun(state))).toEqual({
      firstOrderAt: new Date(T0).toISOString(),
      orderCount: 3,
      ownedSince: { SERUM: new Date(T0 + 30 * DAY).toISOString(), MASK: new Date(T0 + 60 * DAY).toISOString() },
    });
  });
});

describe('recommendations leave out what the customer owns', () => {
  it.each<[string, [number, string[]][], boolean | undefined, string[]]>([
    ['nothing owned yet', [[0, ['SERUM']]], false, ['CLEANSER', 'MASK']],
    [
      'a cleanser bought in an earlier order',
      [
        [0, ['CLEANSER']],
        [30, ['SERUM']],
      ],
      false,
      ['MASK'],
    ],
    [
      'the store recommends owned products too',
      [
        [0, ['CLEANSER']],
        [30, ['SERUM']],
      ],
      true,
      ['CLEANSER', 'MASK'],
    ],
    [
      'a run pinned before the setting existed (as before)',
      [
        [0, ['CLEANSER']],
        [30, ['SERUM']],
      ],
      undefined,
      ['CLEANSER', 'MASK'],
    ],
  ])('%s', (_, orders, recommendOwnedProducts, expected) => {
    const sending = { ...store.sending, recommendOwnedProducts } as typeof store.sending;
    const state = customer(orders, { ...store, sending });
    const owned = state.orders.flatMap((o) => o.skus!);
    expect(recommendedSkus(latestRun(state), null, 'crossSell', owned)).toEqual(expected);
  });
});

describe('the per-customer weekly ceiling', () => {
  /** A customer who got `sent` counted messages in the last days, and one more message of `stepId` falling due now. */
  function decideAfter(sentDaysAgo: number[], stepId: string, maxMessagesPerWeek?: number) {
    const sending = {
      ...store.sending,
      maxMessagesPerWeek,
      marketingCaps: { minHoursBetween: 0, maxPerWeek: 99 },
    } as typeof store.sending;
    const state = customer([[0, ['SERUM']]], { ...store, sending });
    const run = latestRun(state);
    const now = T0 + 20 * DAY;
    const earlier = { ...run.messages.find((m) => m.stepId === 'how-to')!, status: 'sent' as const };
    run.messages = [
      ...sentDaysAgo.map((d, i) => ({
        ...earlier,
        key: `sent-${i}`,
        resolvedAt: new Date(now - d * DAY).toISOString(),
      })),
      ...run.messages,
    ];
    const message = run.messages.find((m) => m.stepId === stepId)!;
    message.dueAt = new Date(now).toISOString();
    return { decision: decide(state, run, message, now), now };
  }

  it.each<[string, number[], string, number | undefined, string]>([
    ['under the ceiling: sent', [1, 2], 'how-to', 3, 'send'],
    ['at the ceiling: waits until the oldest of the week is 7 days old', [1, 2, 5], 'how-to', 3, 'defer'],
    ['at the ceiling, and the slot is beyond its expiry: dropped', [1, 2, 3], 'how-to', 3, 'skip'],
    ['whenCapped: drop is dropped at once', [1, 2, 5], 'drop-me', 3, 'skip'],
    ['whenCapped: drop under the ceiling and the cap: sent', [1, 2], 'drop-me', 3, 'send'],
    ['an exempt step (the reassurance) is never held back', [1, 2, 3], 'hello', 3, 'send'],
    ['older than a week does not count', [8, 9, 10], 'how-to', 3, 'send'],
    ['a run pinned before the ceiling existed has none', [1, 2, 3, 4], 'how-to', undefined, 'send'],
  ])('%s', (_, sentDaysAgo, stepId, ceiling, action) => {
    const { decision, now } = decideAfter(sentDaysAgo, stepId, ceiling);
    expect(decision.action).toBe(action);
    if (decision.action === 'defer') {
      expect(decision.until).toBe(now + 2 * DAY); // the 5-day-old message leaves the week in 2 days
      expect(decision.reason).toContain('weekly ceiling (3 messages per 7 days)');
    }
    if (decision.action === 'skip') expect(decision.reason).toBe('weekly ceiling (3 messages per 7 days)');
  });

  it('exempt messages do not count towards it', () => {
    const { decision } = decideAfter([], 'how-to', 3);
    expect(decision.action).toBe('send');
    const state = customer([
      [0, ['SERUM']],
      [1, ['SERUM']],
      [2, ['SERUM']],
      [3, ['SERUM']],
    ]);
    const now = T0 + 3 * DAY;
    for (const run of state.runs)
      for (const m of run.messages.filter((x) => x.stepId === 'hello'))
        Object.assign(m, { status: 'sent', resolvedAt: new Date(now - DAY).toISOString() });
    const howTo = latestRun(state).messages.find((m) => m.stepId === 'how-to')!;
    howTo.dueAt = new Date(now).toISOString();
    expect(decide(state, latestRun(state), howTo, now)).toEqual({ action: 'send' });
  });
});
