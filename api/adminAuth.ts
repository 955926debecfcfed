import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors';

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
