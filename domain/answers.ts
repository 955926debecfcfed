import { z } from 'zod';
import { cleanText, CustomerId, identifier, OrderId, StoreId } from './ids';

/** The questions a journey asks, and the answers each allows. */
export const QUESTIONS = {
  /** The feedback email: a rating per product (per order when it has one product). */
  feedback: ['1', '2', '3', '4', '5'],
  /** The win-back email: why they did not reorder. */
  'win-back': ['still-have-some', 'didnt-work', 'too-expensive', 'bought-elsewhere', 'something-else'],
} as const;
export type Question = keyof typeof QUESTIONS;
export const Question = z.enum(Object.keys(QUESTIONS) as [Question, ...Question[]]);

/** Longest comment a customer can leave on the answer page. */
export const MAX_COMMENT_LENGTH = 2_000;

/** What a customer answered to one question of one message (one product's rating, or the win-back reason). */
export const Answer = z
  .object({
    storeId: StoreId,
    customerId: CustomerId,
    orderId: OrderId,
    /** The message that asked: its idempotency key (rules/planRun.ts). */
    messageKey: identifier(500),
    question: Question,
    /** The product rated, for a per-product rating; absent for the order or the win-back reason. */
    sku: identifier(200).optional(),
    choice: z.string(),
    comment: cleanText(MAX_COMMENT_LENGTH).optional(),
    /** From a test email: stored, never sent to a journey. */
    test: z.boolean().default(false),
    answeredAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((a, ctx) => {
    const allowed: readonly string[] = QUESTIONS[a.question];
    if (!allowed.includes(a.choice))
      ctx.addIssue({ code: 'custom', path: ['choice'], message: `must be one of ${allowed.join(', ')}` });
  });
export type Answer = z.infer<typeof Answer>;

/** What the journey hears of an answer (signal `answerReceived`): no comment text, only whether there is one. */
export interface AnswerSignal {
  answerId: number;
  orderId: string;
  messageKey: string;
  question: Question;
  sku?: string;
  choice: string;
  hasComment: boolean;
  answeredAt: string;
}

/** The rating an answer gives (1-5), if it is a rating. */
export function ratingOf(answer: Pick<AnswerSignal, 'question' | 'choice'>): number | undefined {
  return answer.question === 'feedback' ? Number(answer.choice) : undefined;
}
