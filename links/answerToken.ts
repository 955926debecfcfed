import { z } from 'zod';
import { Question } from '../domain/answers';
import { CustomerId, identifier, OrderId, StoreId } from '../domain/ids';
import { Locale } from '../definitions/localized';
import { type LinkSecrets, signPayload, TokenError, verifyPayload } from './signedToken';

/** How long an answer link works after the email was sent; afterwards the page asks for a reply instead. */
export const ANSWER_LINK_DAYS = 90;

/**
 * The payload of an answer link (the rating buttons of the feedback email, the reasons of the win-back email): which
 * message asked which question of whom, the choice the button stands for (preselected on the page, which the
 * customer confirms with a POST), the page's language and when the link stops working. Ids only.
 */
export const AnswerTokenPayload = z.strictObject({
  v: z.literal(1),
  storeId: StoreId,
  customerId: CustomerId,
  orderId: OrderId,
  messageKey: identifier(500),
  question: Question,
  sku: identifier(200).optional(),
  choice: z.string().max(40),
  locale: Locale,
  /** Expires, in seconds since the epoch. */
  exp: z.number().int().positive(),
  test: z.literal(true).optional(),
});
export type AnswerTokenPayload = z.infer<typeof AnswerTokenPayload>;

export type AnswerLinkSubject = Omit<AnswerTokenPayload, 'v' | 'exp' | 'test'> & { test?: boolean };

export function signAnswerToken(subject: AnswerLinkSubject, secrets: LinkSecrets, now: Date = new Date()): string {
  const { test, ...rest } = subject;
  const exp = Math.floor(now.getTime() / 1000) + ANSWER_LINK_DAYS * 86_400;
  return signPayload(
    'answer',
    AnswerTokenPayload,
    { v: 1, ...rest, exp, ...(test && { test: true as const }) },
    secrets,
  );
}

/** An answer link's payload; throws TokenError when it is not ours or not intact, or (reason `expired`) too old. */
export function verifyAnswerToken(token: string, secrets: LinkSecrets, now: Date = new Date()): AnswerTokenPayload {
  const payload = verifyPayload('answer', AnswerTokenPayload, token, secrets);
  if (payload.exp * 1000 < now.getTime()) throw new TokenError('expired', 'the answer link has expired');
  return payload;
}
