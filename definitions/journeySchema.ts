import { z } from 'zod';
import { SendWindowSetting } from './sendingSchema';

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
const NumberFact = z.enum(['orderTotal', 'orderCount', 'lifetimeSpend', 'itemQuantity']);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: z.infer<typeof BooleanFact>; is: boolean }
  | { fact: z.infer<typeof NumberFact>; gte?: number; lt?: number }
  | { fact: 'productTag'; anyOf: string[] }
  | { fact: 'sku'; anyOf: string[] };

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
    z.object({ fact: z.enum(['productTag', 'sku']), anyOf: z.array(z.string().min(1)).min(1) }).strict(),
  ]),
);

export const ExitEvent = z.enum(['order.reordered', 'order.refunded', 'order.cancelled']);
export type ExitEvent = z.infer<typeof ExitEvent>;

const StepId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. "how-to"');

export const Timing = z
  .object({
    /** order: when it was placed; delivery: when it arrived (or the delivery wait's timeout); previous: when the step before resolved. */
    from: z.enum(['order', 'delivery', 'previous']).default('order'),
    after: Duration.default('0'),
    /** Also add the item's own offset: a milestone's week, a product's days of supply × quantity. */
    plusItemOffset: z.boolean().default(false),
  })
  .strict();
export type Timing = z.infer<typeof Timing>;

export const MessageStep = z
  .object({
    id: StepId,
    template: z.string().min(1),
    /** service: expected by every buyer. marketing: needs consent and must be easy to stop. */
    category: z.enum(['service', 'marketing']),
    /** One message per product of the order, per milestone of each product, or one for the order. */
    forEach: z.enum(['order', 'product', 'milestone']).default('order'),
    at: Timing.default({ from: 'order', after: '0', plusItemOffset: false }),
    /** Which complementary products the message shows. */
    recommend: z.enum(['none', 'crossSell', 'upsell']).default('none'),
    when: Condition.optional(),
    /** Added to the journey's exitOn for this step only (e.g. win-back ends on a reorder). */
    exitOn: z.array(ExitEvent).default([]),
    /** Overrides the journey's and the store's send window; "anytime" for answers to the customer's own action. */
    sendWindow: SendWindowSetting.optional(),
    /** Past its due time by more than this (a late order, a long cap deferral), the message is skipped as expired. */
    expireAfter: Duration.default('3d'),
    /** Marketing over the frequency cap: defer to the next allowed slot (within expireAfter), or drop it. */
    whenCapped: z.enum(['defer', 'drop']).default('defer'),
  })
  .strict();
export type MessageStep = z.infer<typeof MessageStep>;

export const WaitStep = z
  .object({
    id: StepId,
    waitFor: z
      .object({
        event: z.enum(['order.delivered', 'review.submitted']),
        timeout: Duration,
        /** continue: later steps go on, anchored at the timeout. exit: the journey ends for this order. */
        onTimeout: z.enum(['continue', 'exit']).default('continue'),
      })
      .strict(),
  })
  .strict();
export type WaitStep = z.infer<typeof WaitStep>;

export const Step = z.union([MessageStep, WaitStep]);
export type Step = z.infer<typeof Step>;

export const Trigger = z
  .object({
    event: z.literal('order.placed'),
    /** Every filter given must match; an absent filter matches everything. */
    filters: z
      .object({
        skus: z.array(z.string().min(1)).min(1).optional(),
        productTags: z.array(z.string().min(1)).min(1).optional(),
        firstOrder: z.boolean().optional(),
        minTotal: z.number().min(0).optional(),
        maxTotal: z.number().min(0).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const JourneyDefinition = z
  .object({
    id: StepId,
    name: z.string().min(1),
    description: z.string().optional(),
    trigger: Trigger,
    exitOn: z.array(ExitEvent).default(['order.refunded', 'order.cancelled']),
    /** Overrides the store's send window for every step of this journey. */
    sendWindow: SendWindowSetting.optional(),
    steps: z.array(Step).min(1),
  })
  .strict()
  .superRefine((journey, ctx) => {
    const seen = new Set<string>();
    journey.steps.forEach((step, i) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
      if (!('template' in step)) return;
      if (i === 0 && step.at.from === 'previous')
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'at', 'from'], message: 'the first step has no previous step' });
      const deliveryWait = journey.steps.slice(0, i).some((s) => 'waitFor' in s && s.waitFor.event === 'order.delivered');
      if (step.at.from === 'delivery' && !deliveryWait)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at', 'from'],
          message: 'a step timed from delivery needs a waitFor order.delivered step before it (with the fallback timeout)',
        });
    });
  });
export type JourneyDefinition = z.infer<typeof JourneyDefinition>;
