import type { Condition } from '../definitions/conditionSchema';
import type { Facts } from './conditions';
import { evaluate } from './conditions';

type BooleanFact = Extract<Condition, { is: boolean }>['fact'];
type NumberFact = Extract<Condition, { lt?: number }>['fact'];

/** Each true/false fact as the sentence it is when true and when false. */
const BOOLEAN_SENTENCES: Record<BooleanFact, [whenTrue: string, whenFalse: string]> = {
  firstOrder: ["this is the customer's first order", 'the customer has ordered before'],
  repurchasedSince: ['the customer ordered again since', 'the customer has not ordered again'],
  reviewed: ['the customer reviewed the order', 'no review came for the order'],
  delivered: ['the order was delivered', 'no delivery was reported for the order'],
  vip: ['the customer is a VIP', 'the customer is not a VIP'],
  acceptsMarketing: ['the customer ticked the marketing box', 'the customer did not tick the marketing box'],
};

const days = (n: number) => `${Math.round(n)} day${Math.round(n) === 1 ? '' : 's'}`;

/** Each number fact as a sentence of its value (undefined: not known, e.g. never bought, never rated). */
const NUMBER_SENTENCES: Record<NumberFact, (value: number | undefined) => string> = {
  orderTotal: (v) => `the order total is ${v}`,
  orderCount: (v) => `the customer has ${v} order${v === 1 ? '' : 's'}`,
  lifetimeSpend: (v) => `the customer has spent ${v} in all`,
  itemQuantity: (v) => `the order has ${v} unit${v === 1 ? '' : 's'} of it`,
  rating: (v) => (v === undefined ? 'the customer gave no rating' : `the customer rated it ${v}/5`),
  daysSinceBought: (v) =>
    v === undefined ? 'the customer had not bought it before' : `the customer bought it ${days(v)} before this order`,
  daysOwned: (v) => `the customer has had it for ${days(v ?? 0)}`,
  daysSinceFeedbackAsked: (v) =>
    v === undefined
      ? 'the customer was never asked for feedback about it'
      : `the customer was asked for feedback about it ${days(v)} ago`,
};

/** Each list fact as a sentence of its values. */
const LIST_SENTENCES: Record<Extract<Condition, { anyOf: string[] }>['fact'], (facts: Facts) => string> = {
  productTag: (f) => listed('tag', f.productTags),
  sku: (f) => listed('SKU', f.skus),
  answer: (f) => (f.answer.length ? `the customer answered ${f.answer.join(', ')}` : 'the customer gave no answer'),
};

function listed(noun: string, values: string[]): string {
  if (values.length === 0) return `it has no ${noun}`;
  return values.length === 1 ? `its ${noun} is ${values[0]}` : `its ${noun}s are ${values.join(', ')}`;
}

/** What the facts say about one condition, as a sentence: the reason it holds or does not. */
function state(condition: Condition, facts: Facts): string {
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    const holds = evaluate(condition, facts);
    // An all that fails (an any that holds) is explained by its deciding parts; otherwise every part counts.
    const deciding = parts.filter((c) => evaluate(c, facts) === holds);
    return deciding.map((c) => state(c, facts)).join(' and ');
  }
  if ('not' in condition) return state(condition.not, facts);
  if ('is' in condition) return BOOLEAN_SENTENCES[condition.fact][facts[condition.fact] ? 0 : 1];
  if ('anyOf' in condition) return LIST_SENTENCES[condition.fact](facts);
  return NUMBER_SENTENCES[condition.fact](facts[condition.fact]);
}

/**
 * Why a step's `when` did not hold, as a sentence a marketer reads in the timeline and support in the journey:
 * "the order was delivered, so no delivery-check" rather than "condition not met: delivered is false".
 */
export function whyNotSent(condition: Condition, facts: Facts, stepId: string): string {
  return `${state(condition, facts)}, so no ${stepId}`;
}
