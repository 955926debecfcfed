import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { implausibleInstant } from '../domain/plausibleTime';
import { ApiError, parseOrThrow } from './errors';
import { requireStore } from './storeAuth';

/**
 * What a store sent, checked in the order a caller can act on: the body's fields (400 listing each), the key's store
 * (403), then the times it reports (400 naming the field): consent, events and orders are ordered by them, so one
 * from the future would win every later comparison.
 */
export function parseStoreInput<S extends z.ZodType<{ storeId: string }>>(
  request: FastifyRequest,
  schema: S,
  instants: (input: z.output<S>) => Record<string, string | undefined>,
  now: number,
): z.output<S> {
  const input = parseOrThrow(schema, request.body);
  requireStore(request, input.storeId);
  const issues = Object.entries(instants(input)).flatMap(([path, iso]) => {
    const problem = iso === undefined ? undefined : implausibleInstant(iso, now);
    return problem ? [{ path, message: problem }] : [];
  });
  if (issues.length)
    throw new ApiError(
      400,
      'invalid_request',
      `${issues.length} invalid field${issues.length === 1 ? '' : 's'}`,
      issues,
    );
  return input;
}
