import { z } from 'zod';
import { QUESTIONS } from '../domain/answers';

/** "0", "3d", "2w", "12h", "30m", "-5d": waits are written the way marketers say them. */
export const Duration = z.preprocess(
  // YAML reads an unquoted 0 as a number; it means "no wait" all the same.
  (value) => (value === 0 ? '0' : value),
  z.string().regex(/^(0|-?\d+(\.\d+)?(m|h|d|w))$/, 'must be a duration such as "0", "12h", "3d", "2w" or "-5d"'),
);

/** Facts a condition can test; all are known to the workflow, none needs code in the journey file. */
const BooleanFact = z.enum([
  'firstOrder', // this order was the customer's first
  'repurchasedSince', // the customer ordered again after this order
  'reviewed', // a review.submitted event came for this order
  'delivered', // a delivery event came for this order
  'vip', // the store's VIP thresholds are met
  'acceptsMarketing', // the marketing checkbox of the customer's newest order
]);
const NumberFact = z.enum([
  'orderTotal',
  'orderCount',
  'lifetimeSpend',
  'itemQuantity',
  'rating', // the customer's rating (1-5) of this product (or order); in onAnswer, the answer's own rating
  'daysSinceBought', // days from the customer's previous purchase of this product to this order; none on the first
  'daysOwned', // days since the customer first bought this product
  'daysSinceFeedbackAsked', // days since a message asked for feedback about this product; none if never
]);
/** Facts that hold lists of words: a condition asks whether any of them is among `anyOf`. */
const ListFact = z.enum([
  'productTag',
  'sku',
  'answer', // what the customer answered about this order (a win-back reason); in onAnswer, the answer's own choice
]);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: z.infer<typeof BooleanFact>; is: boolean }
  | { fact: z.infer<typeof NumberFact>; gte?: number; lt?: number }
  | { fact: z.infer<typeof ListFact>; anyOf: string[] };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
    z.object({ fact: BooleanFact, is: z.boolean() }).strict(),
    z
      .object({ fact: NumberFact, gte: z.number().optional(), lt: z.number().optional() })
      .strict()
      .refine((c) => c.gte !== undefined || c.lt !== undefined, 'give gte, lt or both'),
    z
      .object({ fact: ListFact, anyOf: z.array(z.string().min(1)).min(1) })
      .strict()
      .superRefine(knownAnswers),
  ]),
);

/** A misspelt win-back reason would never match: name the choices instead. */
function knownAnswers(c: { fact: string; anyOf: string[] }, ctx: z.RefinementCtx): void {
  if (c.fact !== 'answer') return;
  const known: readonly string[] = QUESTIONS['win-back'];
  c.anyOf.forEach((choice, i) => {
    if (!known.includes(choice))
      ctx.addIssue({
        code: 'custom',
        path: ['anyOf', i],
        message: `"${choice}" is not a win-back answer (one of ${known.join(', ')})`,
      });
  });
}

/** A step's id: what the journey file, reactions and the journey state call it. */
export const StepId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. "how-to"');
