import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors';

export const MIN_ADMIN_TOKEN_LENGTH = 32;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * An `onRequest` hook that lets through only `Authorization: Bearer <adminToken>`; anything else gets 401.
 * Register it inside the admin routes' own plugin (never app-wide), so the admin token means nothing to the
 * store-facing routes: they keep their own checks (the Shopify signature) and gain no power from it.
 */
export function adminAuth(adminToken: string, realm: string) {
  // Refuse to start rather than guard personal data behind a guessable token.
  if (!adminToken || adminToken.length < MIN_ADMIN_TOKEN_LENGTH)
    throw new Error(`the admin endpoints need an admin token of ${MIN_ADMIN_TOKEN_LENGTH}+ characters (AFTERGLOW_ADMIN_TOKEN)`);
  // Hashing both sides gives equal-length inputs, so the comparison time says nothing about the token or its length.
  const expected = sha256(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(sha256(match[1]), expected)) return;
    request.log.warn({ hasAuthorization: request.headers.authorization !== undefined }, 'admin request rejected');
    return reply
      .code(401)
      .header('www-authenticate', `Bearer realm="${realm}"`)
      .send({ error: 'unauthorized', message: 'send "Authorization: Bearer <admin token>"' } satisfies ErrorBody);
  };
}
