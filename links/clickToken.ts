import { z } from 'zod';
import { CustomerId, identifier, StoreId } from '../domain/ids';
import { type LinkSecrets, signPayload, verifyPayload } from './signedToken';

/**
 * A tracked link of an email: which message of which customer it is in, and where it goes. Signed, so the redirect
 * only ever sends people where one of our emails pointed (never an open redirect). It does not expire: a link in an
 * email must keep working for as long as the email is kept.
 */
const ClickTokenPayload = z.strictObject({
  v: z.literal(1),
  storeId: StoreId,
  customerId: CustomerId,
  messageKey: identifier(500),
  journeyId: identifier(200),
  stepId: identifier(200),
  url: z.url({ protocol: /^https?$/ }).max(1000),
  /** In a test email (`afterglow send-test`): the link redirects and records nothing. */
  test: z.literal(true).optional(),
});
export type ClickTokenPayload = z.infer<typeof ClickTokenPayload>;

export const signClickToken = (payload: Omit<ClickTokenPayload, 'v'>, secrets: LinkSecrets) =>
  signPayload('click', ClickTokenPayload, { v: 1, ...payload }, secrets);

/** A tracked link's payload; throws TokenError when it is not ours or not intact. */
export const verifyClickToken = (token: string, secrets: LinkSecrets): ClickTokenPayload =>
  verifyPayload('click', ClickTokenPayload, token, secrets);

/** An open pixel's token: the message, without a destination. */
const OpenTokenPayload = ClickTokenPayload.omit({ url: true });
export type OpenTokenPayload = z.infer<typeof OpenTokenPayload>;

export const signOpenToken = (payload: Omit<OpenTokenPayload, 'v'>, secrets: LinkSecrets) =>
  signPayload('open', OpenTokenPayload, { v: 1, ...payload }, secrets);

export const verifyOpenToken = (token: string, secrets: LinkSecrets): OpenTokenPayload =>
  verifyPayload('open', OpenTokenPayload, token, secrets);
