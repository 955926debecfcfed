import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';

/**
 * Makes the plugin's routes receive their body as the raw bytes a provider signed (re-serialised JSON would not
 * match). SNS posts JSON as text/plain, hence both types. Only inside the calling plugin: fastify scopes parsers.
 */
export function keepRawBody(app: FastifyInstance): void {
  for (const type of ['application/json', 'text/plain']) {
    app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
}

export const rawBodyOf = (request: FastifyRequest): Buffer =>
  Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);

/** The body as JSON, once its signature checked out (or for a provider whose signature is inside it). */
export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'malformed_json', 'request body is not valid JSON');
  }
}
