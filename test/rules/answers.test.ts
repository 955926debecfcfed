import type { AnswerSignal } from '../../domain/answers';
import { recordOrder, startRuns } from '../../rules/applySignals';
import { marketingHoldReason, recordAnswer } from '../../rules/answers';
import { evaluate, factsFor, meetsVip } from '../../rules/conditions';
import { decide } from '../../rules/decide';
import type { CustomerState } from '../../rules/journeyState';
import { refreshRun } from '../../rules/schedule';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';
import { iso } from '../../rules/iso';

/** A journey that asks, with a reaction of each kind the default journey uses. */
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'feedback', template: 'feedback', category: 'service', asks: 'feedback' },
    { id: 'upsell', template: 'upsell', category: 'marketing', recommend: 'upsell', at: { after: '5w' } },
    { id: 'refill', template: 'refill', category: 'marketing', at: { after: '25d' } },
    { id: 'win-back', template: 'win-back', category: 'marketing', at: { after: '50d' }, asks: 'win-back' },
    { id: 'sorry', template: 'sorry', category: 'service', at: { from: 'answer' } },
    {
      id: 'review-invite',
      template: 'review-invite',
      category: 'service',
      forEach: 'product',
      at: { from: 'answer', after: '1d' },
    },
  ],
  onAnswer: [
    { when: { fact: 'rating', lt: 3 }, stopMarketing: 'order', send: ['sorry'], alert: true },
    { when: { fact: 'rating', gte: 4 }, send: ['review-invite'] },
    { when: { fact: 'answer', anyOf: ['still-have-some'] }, postpone: { steps: ['refill', 'win-back'], by: '30d' } },
    { when: { fact: 'answer', anyOf: ['bought-elsewhere'] }, stopMarketing: { product: '26w' } },
  ],
});
const products = [product('SERUM', { upsell: ['SERUM-90'] }), product('SERUM-90'), product('CLEANSER')];
const T = Date.parse('2026-03-10T03:00:00Z'); // midday in Tokyo, the fixture customer's zone
const DAY = 86_400_000;

function stateWithOrder(): CustomerState {
  const state = emptyState();
  const o = order({
    lineItems: [
      { sku: 'SERUM', title: 'Serum', quantity: 1, unitPrice: '49.00' },
      { sku: 'CLEANSER', title: 'Cleanser', quantity: 1, unitPrice: '19.00' },
    ],
  });
  recordOrder(state, o, Date.parse(o.placedAt));
  startRuns(state, o, [runPlan(definition, products)]);
  return state;
}

const answer = (overrides: Partial<AnswerSignal>): AnswerSignal => ({
  answerId: 7,
  orderId: '1001',
  messageKey: '1001/j/feedback/order',
  question: 'feedback',
  sku: 'SERUM',
  choice: '2',
  hasComment: true,
  answeredAt: iso(T),
  ...overrides,
});
const run = (state: CustomerState) => state.runs[0];
const messagesOf = (state: CustomerState, stepId: string) => run(state).messages.filter((m) => m.stepId === stepId);

describe('what an answer changes (recordAnswer)', () => {
  it('plans no step timed from an answer until an answer asks for it', () => {
    const state = stateWithOrder();
    expect(run(state).messages.map((m) => m.stepId)).toEqual(['feedback', 'upsell', 'refill', 'win-back']);
  });

  it('a rating of 2: no more marketing about the order, sorry at once, support alerted, and it says so', () => {
    const state = stateWithOrder();
    const alerts = recordAnswer(state, answer({ choice: '2' }), T);

    expect(alerts).toEqual([{ answerId: 7, orderId: '1001', reason: 'rated 2/5 (SERUM)' }]);
    expect(state.marketingHolds).toEqual([{ orderId: '1001', reason: 'rated 2/5 (SERUM)', at: iso(T) }]);
    refreshRun(run(state), T);
    expect(messagesOf(state, 'sorry')).toEqual([
      expect.objectContaining({ status: 'pending', dueAt: iso(T), anchoredAt: iso(T) }),
    ]);
    expect(state.answers).toEqual([
      expect.objectContaining({
        choice: '2',
        changes: ['no more marketing about order 1001', 'sorry planned', 'support alerted'],
      }),
    ]);
    const upsell = messagesOf(state, 'upsell')[0];
    upsell.dueAt = iso(T);
    expect(decide(state, run(state), upsell, T)).toEqual({
      action: 'skip',
      kind: 'answer',
      reason: 'held back: the customer rated 2/5 (SERUM)',
    });
    expect(state.log.at(-1)).toMatchObject({
      kind: 'answer',
      detail: 'rated 2/5 (SERUM): no more marketing about order 1001; sorry planned; support alerted',
    });
  });

  it.each([
    ['a rating of 3 changes nothing', '3', []],
    ['a rating of 4 invites a public review of that product', '4', ['review-invite planned']],
    ['a rating of 5 invites a public review of that product', '5', ['review-invite planned']],
    ['a rating of 1 is as low as 2', '1', ['no more marketing about order 1001', 'sorry planned', 'support alerted']],
  ])('%s', (_, choice, changes) => {
    const state = stateWithOrder();
    recordAnswer(state, answer({ choice }), T);
    expect(state.answers![0].changes).toEqual(changes);
    if (changes.includes('review-invite planned')) {
      refreshRun(run(state), T);
      expect(messagesOf(state, 'review-invite')).toEqual([
        expect.objectContaining({ item: { kind: 'product', sku: 'SERUM' }, dueAt: iso(T + DAY) }),
      ]);
    }
  });

  it('"still have some left": pending refill and win-back move 30 days later; one already sent goes again a month on', () => {
    const state = stateWithOrder();
    refreshRun(run(state), T);
    const winBack = messagesOf(state, 'win-back')[0];
    const refillDue = Date.parse(messagesOf(state, 'refill')[0].dueAt!);
    Object.assign(messagesOf(state, 'refill')[0], { status: 'sent', resolvedAt: iso(T) });
    const winBackDue = Date.parse(winBack.dueAt!);

    recordAnswer(
      state,
      answer({ question: 'win-back', choice: 'still-have-some', sku: undefined, messageKey: winBack.key }),
      T,
    );
    refreshRun(run(state), T);

    expect(Date.parse(winBack.dueAt!)).toBe(winBackDue + 30 * DAY);
    const again = messagesOf(state, 'refill').find((m) => m.key.endsWith('/again'))!;
    expect(again).toMatchObject({ status: 'pending', dueAt: iso(T + 30 * DAY) });
    expect(refillDue).toBeLessThan(T + 30 * DAY);
    expect(state.answers![0].changes).toEqual([`refill again from ${iso(T + 30 * DAY)}`, 'win-back moved 30d later']);
  });

  it('"bought elsewhere": no marketing about the products of that order for 26 weeks, then again', () => {
    const state = stateWithOrder();
    recordAnswer(state, answer({ question: 'win-back', choice: 'bought-elsewhere', sku: undefined }), T);
    const later = order({ orderId: '1002', placedAt: iso(T + DAY) });
    expect(marketingHoldReason(state, run(state), { kind: 'product', sku: 'SERUM' }, T + 26 * 7 * DAY - 1)).toBe(
      'held back: the customer answered bought-elsewhere',
    );
    expect(marketingHoldReason(state, { ...run(state), orderId: '1002', order: later }, null, T + 10 * DAY)).toBe(
      'held back: the customer answered bought-elsewhere',
    );
    expect(marketingHoldReason(state, run(state), { kind: 'product', sku: 'SERUM' }, T + 26 * 7 * DAY)).toBeUndefined();
    expect(marketingHoldReason(state, run(state), { kind: 'product', sku: 'SERUM-90' }, T)).toBeUndefined();
  });

  it('a later answer to the same question replaces the record; what the first changed stays changed, sent once', () => {
    const state = stateWithOrder();
    recordAnswer(state, answer({ choice: '1' }), T);
    recordAnswer(state, answer({ choice: '2', answeredAt: iso(T + 1000) }), T + 1000);
    expect(state.answers).toHaveLength(1);
    expect(state.answers![0]).toMatchObject({
      choice: '2',
      changes: ['no more marketing about order 1001', 'support alerted'],
    });
    expect(messagesOf(state, 'sorry')).toHaveLength(1);
  });

  it('an answer to a journey that ended (a refund) still holds marketing and alerts, but sends nothing', () => {
    const state = stateWithOrder();
    run(state).status = 'exited';
    const alerts = recordAnswer(state, answer({ choice: '2' }), T);
    expect(alerts).toHaveLength(1);
    expect(messagesOf(state, 'sorry')).toEqual([]);
    expect(run(state).status).toBe('exited');
  });

  it('a finished journey comes back to life for the follow-up', () => {
    const state = stateWithOrder();
    run(state).status = 'completed';
    recordAnswer(state, answer({ choice: '5' }), T);
    expect(run(state).status).toBe('active');
  });

  it('an answer to an order without a journey that reacts is only recorded', () => {
    const state = stateWithOrder();
    expect(recordAnswer(state, answer({ orderId: 'other', choice: '1' }), T)).toEqual([]);
    expect(state.answers).toEqual([expect.objectContaining({ orderId: 'other', changes: [] })]);
  });
});

describe('answer facts in conditions', () => {
  it.each<
    [
      string,
      Partial<AnswerSignal>[],
      { fact: 'rating'; lt?: number; gte?: number } | { fact: 'answer'; anyOf: string[] },
      boolean,
    ]
  >([
    ['no rating given: a bound holds neither way (lt)', [], { fact: 'rating', lt: 3 }, false],
    ['no rating given: a bound holds neither way (gte)', [], { fact: 'rating', gte: 3 }, false],
    ['rated 2 of this product', [{ choice: '2' }], { fact: 'rating', lt: 3 }, true],
    ['rated 3: exactly at the bound', [{ choice: '3' }], { fact: 'rating', gte: 3 }, true],
    [
      'the latest rating counts',
      [
        { choice: '1', messageKey: 'a' },
        { choice: '5', messageKey: 'b' },
      ],
      { fact: 'rating', gte: 4 },
      true,
    ],
    ["another product's rating does not count", [{ choice: '1', sku: 'CLEANSER' }], { fact: 'rating', lt: 3 }, false],
    [
      'a win-back answer',
      [{ question: 'win-back', choice: 'too-expensive', sku: undefined }],
      { fact: 'answer', anyOf: ['too-expensive'] },
      true,
    ],
  ])('%s', (_, answers, condition, expected) => {
    const state = stateWithOrder();
    for (const a of answers) recordAnswer(state, answer(a), T);
    expect(evaluate(condition, factsFor(state, run(state), { kind: 'product', sku: 'SERUM' }, T))).toBe(expected);
  });
});

describe('VIP thresholds (meetsVip)', () => {
  const totals = (orderCount: number, spendByCurrency: Record<string, number>) => ({
    orderCount,
    spendByCurrency,
    lifetimeSpend: Object.values(spendByCurrency).reduce((a, b) => a + b, 0),
  });
  it.each<[string, ReturnType<typeof totals>, Parameters<typeof meetsVip>[1], boolean]>([
    ['exactly the order count', totals(3, {}), { minOrders: 3 }, true],
    ['one order short', totals(2, { USD: 10 }), { minOrders: 3 }, false],
    ['exactly the spend (any currency)', totals(1, { USD: 300 }), { minOrders: 3, minLifetimeSpend: 300 }, true],
    ['just under the spend', totals(1, { USD: 299.99 }), { minOrders: 3, minLifetimeSpend: 300 }, false],
    [
      '6,800 yen is not 300 dollars',
      totals(1, { JPY: 6800 }),
      { minOrders: 3, minLifetimeSpend: { USD: 300, JPY: 45000 } },
      false,
    ],
    [
      '45,000 yen meets the yen threshold',
      totals(2, { JPY: 45000 }),
      { minOrders: 3, minLifetimeSpend: { USD: 300, JPY: 45000 } },
      true,
    ],
    [
      'a currency without a threshold counts only by orders',
      totals(1, { EUR: 9999 }),
      { minOrders: 3, minLifetimeSpend: { USD: 300 } },
      false,
    ],
  ])('%s', (_, t, vip, expected) => {
    expect(meetsVip(t, vip)).toBe(expected);
  });
});
