import type { Condition } from '../../definitions/conditionSchema';
import type { Facts, LoyaltyTotals } from '../../rules/conditions';
import { describeCondition, evaluate, meetsVip } from '../../rules/conditions';

const base: Facts = {
  firstOrder: false,
  repurchasedSince: false,
  reviewed: false,
  delivered: true,
  vip: false,
  acceptsMarketing: true,
  orderTotal: 100,
  orderCount: 3,
  lifetimeSpend: 300,
  itemQuantity: 1,
  productTags: [],
  skus: ['SERUM'],
  answer: [],
};

describe('numeric conditions hold from their lower bound, up to but not including their upper (evaluate)', () => {
  // A marketer writing "VIP from 3 orders" (gte: 3) means a customer with exactly 3 orders qualifies.
  it.each<[string, Condition, Partial<Facts>, boolean]>([
    ['"from 3 orders", one below the threshold', { fact: 'orderCount', gte: 3 }, { orderCount: 2 }, false],
    ['"from 3 orders", exactly at the threshold', { fact: 'orderCount', gte: 3 }, { orderCount: 3 }, true],
    ['"from 3 orders", above the threshold', { fact: 'orderCount', gte: 3 }, { orderCount: 4 }, true],
    ['"from 100 spent", exactly at the threshold', { fact: 'orderTotal', gte: 100 }, { orderTotal: 100 }, true],
    ['"from 100 spent", a cent below', { fact: 'orderTotal', gte: 100 }, { orderTotal: 99.99 }, false],
    ['"under 100", exactly at the bound', { fact: 'orderTotal', lt: 100 }, { orderTotal: 100 }, false],
    ['"under 100", a cent below', { fact: 'orderTotal', lt: 100 }, { orderTotal: 99.99 }, true],
    ['"3 to 5 stars" (gte 3, lt 6), at the bottom', { fact: 'rating', gte: 3, lt: 6 }, { rating: 3 }, true],
    ['"3 to 5 stars" (gte 3, lt 6), at the top', { fact: 'rating', gte: 3, lt: 6 }, { rating: 5 }, true],
    ['"3 to 5 stars" (gte 3, lt 6), below', { fact: 'rating', gte: 3, lt: 6 }, { rating: 2 }, false],
    ['an unknown number (no rating) meets no bound', { fact: 'rating', gte: 0 }, {}, false],
  ])('%s', (_, condition, facts, expected) => {
    expect(evaluate(condition, { ...base, ...facts })).toBe(expected);
  });
});

describe("a customer is VIP from the store's thresholds, inclusive (meetsVip)", () => {
  const totals = (
    orderCount: number,
    lifetimeSpend: number,
    spendByCurrency: Record<string, number> = {},
  ): LoyaltyTotals => ({ orderCount, lifetimeSpend, spendByCurrency });
  it.each<[string, LoyaltyTotals, { minOrders: number; minLifetimeSpend?: number | Record<string, number> }, boolean]>([
    ['exactly the minimum orders', totals(3, 0), { minOrders: 3 }, true],
    ['one order short', totals(2, 0), { minOrders: 3 }, false],
    ['one order short, but exactly the minimum spend', totals(2, 300), { minOrders: 3, minLifetimeSpend: 300 }, true],
    [
      'one order short and a cent short of the spend',
      totals(2, 299.99),
      { minOrders: 3, minLifetimeSpend: 300 },
      false,
    ],
    [
      'exactly the spend in the currency named',
      totals(1, 300, { USD: 300 }),
      { minOrders: 3, minLifetimeSpend: { USD: 300 } },
      true,
    ],
    [
      'the spend reached only in another currency',
      totals(1, 45000, { JPY: 45000 }),
      { minOrders: 3, minLifetimeSpend: { USD: 300 } },
      false,
    ],
  ])('%s', (_, loyalty, vip, expected) => {
    expect(meetsVip(loyalty, vip as Parameters<typeof meetsVip>[1])).toBe(expected);
  });
});

describe('combined and listed conditions (evaluate)', () => {
  const yes: Condition = { fact: 'delivered', is: true };
  const no: Condition = { fact: 'reviewed', is: true };
  it.each<[string, Condition, Partial<Facts>, boolean]>([
    ['all: every part holds', { all: [yes, yes] }, {}, true],
    ['all: one part fails', { all: [yes, no] }, {}, false],
    ['any: one part holds', { any: [no, yes] }, {}, true],
    ['any: no part holds', { any: [no, no] }, {}, false],
    ['not: of a false part', { not: no }, {}, true],
    ['not: of a true part', { not: yes }, {}, false],
    ['is false: a false fact', { fact: 'reviewed', is: false }, {}, true],
    ['is false: a true fact', { fact: 'delivered', is: false }, {}, false],
    [
      'a product tag among those listed',
      { fact: 'productTag', anyOf: ['gift', 'serum'] },
      { productTags: ['serum'] },
      true,
    ],
    ['no product tag among those listed', { fact: 'productTag', anyOf: ['gift'] }, { productTags: ['serum'] }, false],
    ['a SKU among those listed', { fact: 'sku', anyOf: ['MASK', 'SERUM'] }, {}, true],
    [
      'an answer among those listed',
      { fact: 'answer', anyOf: ['didnt-work'] },
      { answer: ['still-have-some', 'didnt-work'] },
      true,
    ],
    ['no answer given', { fact: 'answer', anyOf: ['didnt-work'] }, {}, false],
  ])('%s → %s', (_, condition, facts, expected) => {
    expect(evaluate(condition, { ...base, ...facts })).toBe(expected);
  });
});

describe('conditions in words, for the journey log (describeCondition)', () => {
  it.each<[Condition, string]>([
    [{ fact: 'orderCount', gte: 3 }, 'orderCount >= 3'],
    [{ fact: 'orderTotal', lt: 100 }, 'orderTotal < 100'],
    [{ fact: 'rating', gte: 3, lt: 6 }, 'rating >= 3 and < 6'],
    [{ fact: 'delivered', is: true }, 'delivered is true'],
    [{ fact: 'sku', anyOf: ['MASK', 'SERUM'] }, 'sku in [MASK, SERUM]'],
    [
      {
        all: [
          { fact: 'delivered', is: true },
          { fact: 'vip', is: false },
        ],
      },
      'delivered is true and vip is false',
    ],
    [
      {
        any: [
          { fact: 'delivered', is: true },
          { fact: 'vip', is: false },
        ],
      },
      '(delivered is true or vip is false)',
    ],
    [{ not: { fact: 'reviewed', is: true } }, 'not (reviewed is true)'],
  ])('%j → %s', (condition, words) => {
    expect(describeCondition(condition)).toBe(words);
  });
});
