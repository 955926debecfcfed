import { z } from 'zod';
import { Condition, Duration, StepId } from './conditionSchema';

/**
 * What an answer changes (a journey's `onAnswer`): when `when` holds for the answer (facts `rating`, `answer` and
 * the usual ones), every effect given applies. Effects are data, never code, and each is recorded in the journey state.
 */
export const Reaction = z
  .object({
    when: Condition,
    /** `order`: no more marketing about the answered order. `{ product: 90d }`: none about the answered product for that long. */
    stopMarketing: z.union([z.literal('order'), z.object({ product: Duration }).strict()]).optional(),
    /** Steps timed `from: answer` to plan now (their `after` counts from the answer). */
    send: z.array(StepId).default([]),
    /** Move these steps' pending messages of the order later. */
    postpone: z
      .object({ steps: z.array(StepId).min(1), by: Duration })
      .strict()
      .optional(),
    /** Tell the store's support team at once: an email to its supportEmail, and its alert webhook when configured. */
    alert: z.boolean().default(false),
  })
  .strict()
  .refine(
    (r) => r.stopMarketing || r.send.length || r.postpone || r.alert,
    'give at least one of stopMarketing, send, postpone, alert',
  );
export type Reaction = z.infer<typeof Reaction>;

/** Every step a reaction names exists, and `send` names steps timed from the answer. */
export function checkReactions(
  journey: { steps: { id: string; at?: { from: string } }[]; onAnswer: Reaction[] },
  ctx: z.RefinementCtx,
): void {
  const steps = new Map(journey.steps.map((s) => [s.id, s]));
  journey.onAnswer.forEach((reaction, r) => {
    reaction.send.forEach((id, i) => {
      const step = steps.get(id);
      if (!step)
        ctx.addIssue({ code: 'custom', path: ['onAnswer', r, 'send', i], message: `no step "${id}" in this journey` });
      else if (step.at?.from !== 'answer')
        ctx.addIssue({
          code: 'custom',
          path: ['onAnswer', r, 'send', i],
          message: `step "${id}" must be timed "at: { from: answer }" to be sent by a reaction`,
        });
    });
    reaction.postpone?.steps.forEach((id, i) => {
      if (!steps.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['onAnswer', r, 'postpone', 'steps', i],
          message: `no step "${id}" in this journey`,
        });
    });
  });
}
