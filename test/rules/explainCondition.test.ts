import type { Condition } from '../../definitions/conditionSchema';
import type { Facts } from '../../rules/conditions';
import { evaluate } from '../../rules/conditions';
import { whyNotSent } from '../../rules/explainCondition';

const base: Facts = {
  firstOrder: true,
  repurchasedSince: false,
  reviewed: false,
  delivered: true,
  vip: false,
  acceptsMarketing: true,
  orderTotal: 58,
  orderCount: 1,
  lifetimeSpend: 58,
  itemQuantity: 1,
  productTags: ['skincare'],
  skus: ['VC-SERUM-30'],
  answer: [],
};

describe('why a step was not sent, in words', () => {
  it.each<[string, Condition, Partial<Facts>, string]>([
    [
      'a delivered order needs no delivery check',
      {
        all: [
          { fact: 'delivered', is: false },
          { fact: 'firstOrder', is: true },
        ],
      },
      {},
      'the order was delivered, so no delivery-check',
    ],
    [
      'a returning customer needs no delivery check',
      {
        all: [
          { fact: 'delivered', is: false },
          { fact: 'firstOrder', is: true },
        ],
      },
      { delivered: false, firstOrder: false },
      'the customer has ordered before, so no delivery-check',
    ],
    [
      'a first order gets no thank-you for coming back',
      { fact: 'firstOrder', is: false },
      {},
      "this is the customer's first order, so no delivery-check",
    ],
    [
      'a product bought last month is not taught again',
      { not: { fact: 'daysSinceBought', lt: 365 } },
      { daysSinceBought: 30 },
      'the customer bought it 30 days before this order, so no delivery-check',
    ],
    [
      'feedback asked lately',
      { all: [{ fact: 'reviewed', is: false }, { not: { fact: 'daysSinceFeedbackAsked', lt: 365 } }] },
      { daysSinceFeedbackAsked: 1 },
      'the customer was asked for feedback about it 1 day ago, so no delivery-check',
    ],
    ['no rating yet', { fact: 'rating', gte: 4 }, {}, 'the customer gave no rating, so no delivery-check'],
    [
      'an any whose every branch fails names each',
      {
        any: [
          { fact: 'vip', is: true },
          { fact: 'orderTotal', gte: 100 },
        ],
      },
      {},
      'the customer is not a VIP and the order total is 58, so no delivery-check',
    ],
    [
      'tags that do not match',
      { fact: 'productTag', anyOf: ['coffee'] },
      {},
      'its tag is skincare, so no delivery-check',
    ],
    [
      'another win-back answer',
      { fact: 'answer', anyOf: ['still-have-some'] },
      { answer: ['too-expensive'] },
      'the customer answered too-expensive, so no delivery-check',
    ],
    [
      'an already reviewed order',
      { fact: 'reviewed', is: false },
      { reviewed: true },
      'the customer reviewed the order, so no delivery-check',
    ],
  ])('%s', (_, condition, facts, expected) => {
    const all = { ...base, ...facts };
    expect(evaluate(condition, all)).toBe(false);
    expect(whyNotSent(condition, all, 'delivery-check')).toBe(expected);
  });
});

describe('each fact in words, singular and plural', () => {
  // Each condition fails on these facts, so the sentence is its reason.
  it.each<[Condition, Partial<Facts>, string]>([
    [{ fact: 'orderCount', gte: 5 }, { orderCount: 1 }, 'the customer has 1 order'],
    [{ fact: 'orderCount', gte: 5 }, { orderCount: 2 }, 'the customer has 2 orders'],
    [{ fact: 'lifetimeSpend', gte: 500 }, { lifetimeSpend: 120.5 }, 'the customer has spent 120.5 in all'],
    [{ fact: 'itemQuantity', gte: 3 }, { itemQuantity: 1 }, 'the order has 1 unit of it'],
    [{ fact: 'itemQuantity', gte: 3 }, { itemQuantity: 2 }, 'the order has 2 units of it'],
    [{ fact: 'rating', gte: 4 }, { rating: 2 }, 'the customer rated it 2/5'],
    [
      { fact: 'daysSinceBought', lt: 10 },
      { daysSinceBought: 29.6 },
      'the customer bought it 30 days before this order',
    ],
    [{ fact: 'daysSinceBought', gte: 10 }, {}, 'the customer had not bought it before'],
    [{ fact: 'daysOwned', gte: 10 }, { daysOwned: 1.2 }, 'the customer has had it for 1 day'],
    [{ fact: 'daysOwned', gte: 10 }, {}, 'the customer has had it for 0 days'],
    [{ fact: 'daysSinceFeedbackAsked', gte: 10 }, {}, 'the customer was never asked for feedback about it'],
    [{ fact: 'productTag', anyOf: ['coffee'] }, { productTags: [] }, 'it has no tag'],
    [{ fact: 'productTag', anyOf: ['coffee'] }, { productTags: ['skincare', 'serum'] }, 'its tags are skincare, serum'],
    [{ fact: 'sku', anyOf: ['MASK'] }, { skus: ['SERUM', 'CREAM'] }, 'its SKUs are SERUM, CREAM'],
    [{ fact: 'answer', anyOf: ['still-have-some'] }, {}, 'the customer gave no answer'],
    [
      { fact: 'answer', anyOf: ['still-have-some'] },
      { answer: ['too-expensive', 'something-else'] },
      'the customer answered too-expensive, something-else',
    ],
    [{ fact: 'vip', is: true }, {}, 'the customer is not a VIP'],
    [{ fact: 'acceptsMarketing', is: false }, {}, 'the customer ticked the marketing box'],
  ])('%j: %s', (condition, facts, sentence) => {
    const all = { ...base, ...facts };
    expect(evaluate(condition, all)).toBe(false);
    expect(whyNotSent(condition, all, 'x')).toBe(`${sentence}, so no x`);
  });

  it('explains an all that fails by its failing parts only, and a refused any by the parts that hold', () => {
    const failing = { fact: 'vip', is: true } as const;
    const holding = { fact: 'delivered', is: true } as const;
    expect(whyNotSent({ all: [holding, failing] }, base, 'x')).toBe('the customer is not a VIP, so no x');
    expect(whyNotSent({ not: { any: [holding, failing] } }, base, 'x')).toBe('the order was delivered, so no x');
  });
});
