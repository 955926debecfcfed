import type { MarketingCaps } from '../definitions/sendingSchema';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/**
 * The earliest instant at or after `instant` at which one more marketing message stays within the caps, given
 * when the earlier marketing messages went out (any order, any journey of this customer).
 */
export function nextCapSlot(sentAt: number[], instant: number, caps: MarketingCaps): number {
  const newestFirst = [...sentAt].sort((a, b) => b - a);
  let slot = instant;
  if (newestFirst.length > 0) slot = Math.max(slot, newestFirst[0] + caps.minHoursBetween * HOUR_MS);
  // With N already in the week, the next may go once the N-th newest is a week old.
  if (newestFirst.length >= caps.maxPerWeek) slot = Math.max(slot, newestFirst[caps.maxPerWeek - 1] + WEEK_MS);
  return slot;
}

export function describeCaps(caps: MarketingCaps): string {
  return `at most 1 per ${caps.minHoursBetween}h and ${caps.maxPerWeek} per 7 days`;
}
