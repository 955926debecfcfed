import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors';
import { TEXT_HEADERS } from './pages/previewPage';

export const MIN_ADMIN_TOKEN_LENGTH = 32;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Compares a presented token with the admin token in constant time. Refuses to start rather than guard personal
 * data behind a guessable token; `refusal` starts that error ("the preview page needs").
 */
export function adminTokenCheck(adminToken: string, refusal: string): (presented: string | undefined) => boolean {
  if (!adminToken || adminToken.length < MIN_ADMIN_TOKEN_LENGTH)
    throw new Error(`${refusal} an admin token of ${MIN_ADMIN_TOKEN_LENGTH}+ characters (AFTERGLOW_ADMIN_TOKEN)`);
  // Hashing both sides gives equal-length inputs, so the comparison time says nothing about the token or its length.
  const expected = sha256(adminToken);
  return (presented) => presented !== undefined && timingSafeEqual(sha256(presented), expected);
}

/** The token of `Authorization: Bearer <token>`. */
export function bearerToken(authorization: string | undefined): string | undefined {
  // Stryker disable next-line StringLiteral: any text the pattern refuses stands in for a missing header alike
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
}

/**
 * An `onRequest` hook that lets through only `Authorization: Bearer <adminToken>`; anything else gets 401.
 * Register it inside the admin routes' own plugin (never app-wide), so the admin token means nothing to the
 * store-facing routes: they keep their own checks (the Shopify signature) and gain no power from it.
 */
export function adminAuth(adminToken: string, realm: string) {
  const matches = adminTokenCheck(adminToken, 'the admin endpoints need');
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (matches(bearerToken(request.headers.authorization))) return;
    request.log.warn({ hasAuthorization: request.headers.authorization !== undefined }, 'admin request rejected');
    return reply
      .code(401)
      .header('www-authenticate', `Bearer realm="${realm}"`)
      .send({ error: 'unauthorized', message: 'send "Authorization: Bearer <admin token>"' } satisfies ErrorBody);
  };
}

/** The token of `Bearer <token>` or the password of `Basic base64(user:password)`. */
function presentedToken(authorization: string | undefined): string | undefined {
  const bearer = bearerToken(authorization);
  if (bearer) return bearer;
  // Stryker disable next-line StringLiteral: any text the pattern refuses stands in for a missing header alike
  const basic = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(authorization ?? '');
  if (!basic) return undefined;
  const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

/**
 * The admin check of pages people open in a browser (/preview, /report), which also takes Basic auth: a browser
 * cannot send a bearer header, but it prompts for a Basic password and resends it with every request of the page,
 * frames included. Never a query parameter: URLs end up in logs and browser history.
 */
export function pageAdminAuth(adminToken: string, realm: string, refusal: string) {
  const matches = adminTokenCheck(adminToken, refusal);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (matches(presentedToken(request.headers.authorization))) return;
    request.log.warn({ hasAuthorization: request.headers.authorization !== undefined }, 'page request rejected');
    return reply
      .code(401)
      .headers({ ...TEXT_HEADERS, 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` })
      .send('Sign in with the admin token (AFTERGLOW_ADMIN_TOKEN) as the password; the user name does not matter.\n');
  };
}
