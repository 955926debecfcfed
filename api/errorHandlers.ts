import type { FastifyError, FastifyInstance } from 'fastify';
import { isTemporalUnavailable } from '../client/temporalUnavailable';
import { isDatabaseUnavailable } from '../storage/unavailable';
import { ApiError, type ErrorBody } from './errors';
import { invalidInput } from './validation';

/** Fastify's own errors (raised before a handler runs) in our format. */
function fromFastify(err: FastifyError, bodyLimit: number): ApiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload_too_large', `request body exceeds the ${bodyLimit}-byte limit`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'malformed_json', 'request body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'malformed_json', 'request body is empty; expected a JSON object');
  }
  // Other client errors fastify raises (bad URL, Content-Length mismatch…) have safe messages; others' may not.
  if (err.code?.startsWith('FST_') && err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)
    return new ApiError(err.statusCode, 'bad_request', err.message);
  return undefined;
}

/** A dependency that is down: the caller retries later (stores do, Shopify on its own) and nothing was done. */
const RETRY_AFTER_SECONDS = 5;

function fromDependency(err: unknown): ApiError | undefined {
  if (isTemporalUnavailable(err))
    return new ApiError(
      503,
      'temporal_unavailable',
      'Temporal is not reachable right now: nothing was done, try again shortly',
    );
  if (isDatabaseUnavailable(err))
    return new ApiError(
      503,
      'database_unavailable',
      'the database is not reachable right now: nothing was done, try again shortly',
    );
  return undefined;
}

export function registerErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known =
      err instanceof ApiError
        ? err
        : (invalidInput(err, request) ?? fromFastify(err, bodyLimit) ?? fromDependency(err));
    if (known?.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (known) {
      request.log.info({ error: known.code, statusCode: known.statusCode }, 'request rejected');
      return reply.code(known.statusCode).send(known.toBody());
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'internal error' } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return reply
      .code(404)
      .send({ error: 'not_found', message: `no route for ${request.method} ${path}` } satisfies ErrorBody);
  });
}
