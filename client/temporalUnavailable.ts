import { type Client, isGrpcServiceError } from '@temporalio/client';

/** How long a request waits for Temporal before answering 503: a store retries, a hung request helps nobody. */
const TEMPORAL_CALL_DEADLINE_MS = 3_000;

/** Temporal did not answer in time or could not be reached: nothing was done, try again later. */
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** True for errors that mean "Temporal is not there right now" (and not "Temporal said no"). */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof TemporalUnavailableError) return true;
    if (isGrpcServiceError(e) && [GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE].includes(e.code)) return true;
  }
  return false;
}

/**
 * Runs a Temporal call under a deadline. The client otherwise retries an unreachable server for about 20 seconds;
 * here it gives up after `ms` with TemporalUnavailableError, so callers answer at once and lose nothing.
 */
export async function withTemporalDeadline<T>(
  client: Client,
  call: () => Promise<T>,
  ms = TEMPORAL_CALL_DEADLINE_MS,
): Promise<T> {
  try {
    return await client.connection.withDeadline(Date.now() + ms, call);
  } catch (err) {
    if (isTemporalUnavailable(err))
      throw new TemporalUnavailableError(`Temporal did not answer within ${ms / 1000} s`, { cause: err });
    throw err;
  }
}
