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
    ['a delivered order needs no delivery check', { all: [{ fact: 'delivered', is: false }, { fact: 'firstOrder', is: true }] }, {}, 'the order was delivered, so no delivery-check'],
    ['a returning customer needs no delivery check', { all: [{ fact: 'delivered', is: false }, { fact: 'firstOrder', is: true }] }, { delivered: false, firstOrder: false }, 'the customer has ordered before, so no delivery-check'],
    ['a first order gets no thank-you for coming back', { fact: 'firstOrder', is: false }, {}, "this is the customer's first order, so no delivery-check"],
    ['a product bought last month is not taught again', { not: { fact: 'daysSinceBought', lt: 365 } }, { daysSinceBought: 30 }, 'the customer bought it 30 days before this order, so no delivery-check'],
    ['feedback asked lately', { all: [{ fact: 'reviewed', is: false }, { not: { fact: 'daysSinceFeedbackAsked', lt: 365 } }] }, { daysSinceFeedbackAsked: 1 }, 'the customer was asked for feedback about it 1 day ago, so no delivery-check'],
    ['no rating yet', { fact: 'rating', gte: 4 }, {}, 'the customer gave no rating, so no delivery-check'],
    ['an any whose every branch fails names each', { any: [{ fact: 'vip', is: true }, { fact: 'orderTotal', gte: 100 }] }, {}, 'the customer is not a VIP and the order total is 58, so no delivery-check'],
    ['tags that do not match', { fact: 'productTag', anyOf: ['coffee'] }, {}, 'its tag is skincare, so no delivery-check'],
    ['another win-back answer', { fact: 'answer', anyOf: ['still-have-some'] }, { answer: ['too-expensive'] }, 'the customer answered too-expensive, so no delivery-check'],
    ['an already reviewed order', { fact: 'reviewed', is: false }, { reviewed: true }, 'the customer reviewed the order, so no delivery-check'],
  ])('%s', (_, condition, facts, expected) => {
    const all = { ...base, ...facts };
    expect(evaluate(condition, all)).toBe(false);
    expect(whyNotSent(condition, all, 'delivery-check')).toBe(expected);
  });
});
