import { z } from 'zod';
import { Question } from '../domain/answers';
import { Condition, Duration, StepId } from './conditionSchema';
import { checkReactions, Reaction } from './reactionSchema';
import { SendWindowSetting } from './sendingSchema';

export { Condition, Duration } from './conditionSchema';

export const ExitEvent = z.enum(['order.reordered', 'order.refunded', 'order.cancelled']);
export type ExitEvent = z.infer<typeof ExitEvent>;

const Timing = z
  .object({
    /**
     * order: when it was placed; delivery: when it arrived (or the delivery wait's timeout); previous: when the step
     * before resolved; answer: when the customer answered (sent only when an `onAnswer` reaction asks for it).
     */
    from: z.enum(['order', 'delivery', 'previous', 'answer']).default('order'),
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
    /** The message asks the customer a question, answered in one click (its template shows `answers`). */
    asks: Question.optional(),
    /**
     * `exempt`: the customer expects it (the reassurance right after their order, an answer to their own words), so
     * the store's per-customer weekly ceiling neither holds it back nor counts it.
     */
    ceiling: z.literal('exempt').optional(),
  })
  .strict();
export type MessageStep = z.infer<typeof MessageStep>;

const WaitStep = z
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

const Trigger = z
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
        /** The order made the customer a VIP (the store's thresholds) for the first time. */
        becameVip: z.boolean().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** "10%", "2.5%" or "0%"; at most half, so that most customers always get the journey. */
const HoldoutShare = z
  .string()
  .regex(/^\d{1,2}(\.\d+)?%$/, 'must be a percentage such as "10%" or "0%"')
  .transform((text) => Number(text.slice(0, -1)) / 100)
  .pipe(z.number().max(0.5, 'at most "50%": a journey held back from most customers measures nothing useful'));

/** The share held out when a journey does not say. */
export const DEFAULT_HOLDOUT = 0.1;

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
    /** What the customer's answers change, checked in order; every reaction whose `when` holds applies. */
    onAnswer: z.array(Reaction).default([]),
    /**
     * Share of customers who get none of this journey's marketing messages, so the report can compare them with
     * the rest: "10%" when absent (kept absent so that files without it keep their version), "0%" for none.
     */
    holdout: HoldoutShare.optional(),
  })
  .strict()
  .superRefine((journey, ctx) => {
    checkReactions(journey, ctx);
    const seen = new Set<string>();
    journey.steps.forEach((step, i) => {
      if (seen.has(step.id))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
      if (!('template' in step)) return;
      if (step.at.from === 'answer' && !journey.onAnswer.some((r) => r.send.includes(step.id)))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at', 'from'],
          message: `no onAnswer reaction sends "${step.id}": name it in a reaction's send, or time it from something else`,
        });
      if (i === 0 && step.at.from === 'previous')
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at', 'from'],
          message: 'the first step has no previous step',
        });
      const deliveryWait = journey.steps
        .slice(0, i)
        .some((s) => 'waitFor' in s && s.waitFor.event === 'order.delivered');
      if (step.at.from === 'delivery' && !deliveryWait)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at', 'from'],
          message:
            'a step timed from delivery needs a waitFor order.delivered step before it (with the fallback timeout)',
        });
    });
  });
export type JourneyDefinition = z.infer<typeof JourneyDefinition>;
