import type { FastifyRequest } from 'fastify';
import { implausibleInstant } from '../domain/plausibleTime';
import { invalidRequest } from './errors';
import { requireStore } from './storeAuth';

/**
 * What a store sent, once its fields passed the route's schema (400 listing each), checked in the order a caller can
 * act on: the key's store (403), then the times it reports (400 naming the field): consent, events and orders are
 * ordered by them, so one from the future would win every later comparison.
 */
export function checkStoreInput<T extends { storeId: string }>(
  request: FastifyRequest,
  input: T,
  instants: Record<string, string | undefined>,
  now: number,
): T {
  requireStore(request, input.storeId);
  const issues = Object.entries(instants).flatMap(([path, iso]) => {
    const problem = iso === undefined ? undefined : implausibleInstant(iso, now);
    return problem ? [{ path, message: problem }] : [];
  });
  if (issues.length) throw invalidRequest(issues);
  return input;
}
