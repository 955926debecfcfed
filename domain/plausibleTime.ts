/** How far ahead of our clock a store's timestamp may be: clocks drift, queues reorder, but not by more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Nothing Afterglow hears about happened before this: an older date is a bug or an attempt to game "latest wins". */
const EARLIEST_INSTANT = Date.parse('2000-01-01T00:00:00Z');

/**
 * Why a store-reported instant cannot be true at `now`, or undefined when it can. Consent, events and orders are
 * ordered by these times, so one dated 2999 would win every later comparison (a customer's unsubscribe included).
 */
export function implausibleInstant(iso: string, now: number): string | undefined {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'must be an ISO 8601 date-time';
  if (at < EARLIEST_INSTANT) return `must not be before ${new Date(EARLIEST_INSTANT).toISOString()}`;
  if (at > now + FUTURE_TOLERANCE_MS)
    return `must not be in the future (more than ${FUTURE_TOLERANCE_MS / 60_000} minutes ahead of ${new Date(now).toISOString()})`;
  return undefined;
}
