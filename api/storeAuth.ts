import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoreKeyring } from '../credentials/storeKeys';
import { bearerToken } from './adminAuth';
import { ApiError, type ErrorBody } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The store whose key authenticated this request (store routes only). */
    keyStoreId?: string;
  }
}

/**
 * An `onRequest` hook for the store routes: `Authorization: Bearer <store key>` or 401. Registered inside the store
 * routes' own plugin, so a store key opens nothing else (admin routes check the admin token, never these keys).
 */
export function storeAuth(keyring: () => StoreKeyring) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = bearerToken(request.headers.authorization);
    const ring = keyring();
    const storeId = ring.storeFor(presented);
    if (storeId) {
      request.keyStoreId = storeId;
      return;
    }
    request.log.warn({ hasAuthorization: presented !== undefined }, 'store request rejected');
    const message = !presented
      ? 'send "Authorization: Bearer <store key>"'
      : ring.size === 0
        ? 'no store keys are configured: set AFTERGLOW_API_KEYS or run `npx afterglow keys create --store <id>`'
        : 'unknown store key';
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="afterglow-store"')
      .send({ error: 'unauthorized', message } satisfies ErrorBody);
  };
}

/** A key opens its own store only: a request about another store gets 403, whatever else it says. */
export function requireStore(request: FastifyRequest, storeId: string): void {
  if (request.keyStoreId !== storeId)
    throw new ApiError(
      403,
      'forbidden_store',
      `this store key belongs to store "${request.keyStoreId}", not "${storeId}"`,
    );
}
