import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CustomerId, StoreId } from '../domain/ids';
import { fieldIssues } from '../domain/zodIssues';

/**
 * Signed tokens for the links in marketing emails (one-click unsubscribe, preference page):
 * `base64url(JSON payload) + "." + base64url(HMAC-SHA256(encoded payload, secret))`.
 *
 * The payload carries ids only: anyone holding the email holds the token, and it ends up in URLs and access logs.
 * Tokens do not expire on purpose: an unsubscribe link must keep working for as long as the email sits in an inbox.
 */
const LinkTokenPayload = z.strictObject({
  v: z.literal(1),
  storeId: StoreId,
  customerId: CustomerId,
  list: z.literal('marketing'),
  /** Issued at, in seconds since the epoch. */
  iat: z.number().int().nonnegative(),
  /** In a test email (`afterglow send-test`): the link works, and changes nothing for anyone. */
  test: z.literal(true).optional(),
});
export type LinkTokenPayload = z.infer<typeof LinkTokenPayload>;

/** Longest token verifyToken looks at: the longest possible ids, UTF-8 encoded, fit with room to spare. */
export const MAX_TOKEN_LENGTH = 2048;

/**
 * Every token a customer receives can be attacked offline, so a short secret would let anyone who guesses it
 * forge tokens for every customer. 32 characters of random text (e.g. `openssl rand -base64 32`) rule that out.
 */
const MIN_SECRET_LENGTH = 32;

export type TokenErrorReason = 'malformed' | 'bad_signature' | 'invalid_payload' | 'expired';

/** A token that is not ours or not intact. `reason` is safe to log; the token itself is a credential. */
export class TokenError extends Error {
  constructor(
    readonly reason: TokenErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** One secret, or several while rotating: the first signs, every one of them verifies. */
export type LinkSecrets = string | readonly string[];

const SIGNATURE_BYTES = 32;
// A 32-byte HMAC is 43 base64url characters without padding.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

/** The secrets as a list, or an error naming what is wrong with them; call it at startup to fail early. */
export function checkLinkSecrets(secrets: LinkSecrets): readonly string[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new Error('no link secret configured');
  for (const secret of list)
    if (secret.length < MIN_SECRET_LENGTH)
      throw new Error(`link secrets must be at least ${MIN_SECRET_LENGTH} characters long`);
  return list;
}

/**
 * The MAC of one kind of token. Unsubscribe tokens (the first kind) sign the encoded payload alone, as they always
 * did; every later kind prefixes its purpose, so a token of one kind can never verify as another.
 */
function hmac(purpose: TokenPurpose, encodedPayload: string, secret: string): Buffer {
  const input = purpose === 'unsubscribe' ? encodedPayload : `${purpose}.${encodedPayload}`;
  // Stryker disable next-line StringLiteral: Node reads an empty encoding as its default, UTF-8
  return createHmac('sha256', secret).update(input, 'utf8').digest();
}

/** The kinds of signed link: an unsubscribe/preference link, an answer to a question, a tracked click, an open pixel. */
export type TokenPurpose = 'unsubscribe' | 'answer' | 'click' | 'open';

/** `base64url(JSON payload).base64url(HMAC)` of a payload `schema` accepts, signed with the first of `secrets`. */
export function signPayload<S extends z.ZodType>(
  purpose: TokenPurpose,
  schema: S,
  payload: z.input<S>,
  secrets: LinkSecrets,
): string {
  const [signingSecret] = checkLinkSecrets(secrets);
  // Parsing the full payload refuses what verifyPayload would refuse later, when a customer clicks.
  // Stryker disable next-line StringLiteral: Node reads an empty encoding as its default, UTF-8
  const encoded = Buffer.from(JSON.stringify(schema.parse(payload)), 'utf8').toString('base64url');
  return `${encoded}.${hmac(purpose, encoded, signingSecret).toString('base64url')}`;
}

/** The payload of a `purpose` token signed with one of `secrets`; throws TokenError for anything else. */
export function verifyPayload<S extends z.ZodType>(
  purpose: TokenPurpose,
  schema: S,
  token: string,
  secrets: LinkSecrets,
): z.output<S> {
  const candidates = checkLinkSecrets(secrets);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token))
    throw new TokenError('malformed', 'not a link token: expected base64url payload "." base64url signature');

  const [encoded, encodedSignature] = token.split('.');
  const signature = Buffer.from(encodedSignature, 'base64url');
  // Buffer decoding ignores stray bits; only the canonical spelling of a signature is accepted.
  // Stryker disable next-line ConditionalExpression: TOKEN_SHAPE's 43 characters always decode to 32 bytes; kept as the stated invariant
  if (signature.length !== SIGNATURE_BYTES || signature.toString('base64url') !== encodedSignature)
    throw new TokenError('malformed', 'the token signature is not a base64url HMAC-SHA256');

  // The payload is not even decoded before its signature checks out.
  const signed = candidates.some((secret) => {
    const expected = hmac(purpose, encoded, secret);
    // Stryker disable next-line ConditionalExpression: both are 32 bytes here; the check keeps timingSafeEqual from throwing if that changes
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  });
  if (!signed)
    throw new TokenError('bad_signature', 'the token signature does not match: it was altered or not signed by us');

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('invalid_payload', 'the token payload is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(fieldIssues(parsed.error, '(payload)').map((i) => i.path))].join(', ');
    throw new TokenError('invalid_payload', `the token payload is not a valid ${purpose} token (${fields})`);
  }
  return parsed.data;
}

/** Signs a marketing-list token for one customer of one store, with the first of `secrets`. */
export function signToken(
  subject: { storeId: string; customerId: string; test?: boolean },
  secrets: LinkSecrets,
  now: Date = new Date(),
): string {
  const payload = {
    v: 1 as const,
    storeId: subject.storeId,
    customerId: subject.customerId,
    list: 'marketing' as const,
    iat: Math.floor(now.getTime() / 1000),
  };
  return signPayload('unsubscribe', LinkTokenPayload, subject.test ? { ...payload, test: true } : payload, secrets);
}

/** The payload of an unsubscribe token signed with one of `secrets`; throws TokenError for anything else. */
export function verifyToken(token: string, secrets: LinkSecrets): LinkTokenPayload {
  return verifyPayload('unsubscribe', LinkTokenPayload, token, secrets);
}
