import { DateTime } from 'luxon';
import { memoized } from './memoized';

const UNIT_MS = { m: 60_000, h: 3_600_000 } as const;

type DurationUnit = 'm' | 'h' | 'd' | 'w';

/** "3d", "2w", "12h", "30m", "-5d" or "0" (no wait), as the journey files write them. */
export function parseDuration(duration: string): { amount: number; unit: DurationUnit } {
  if (duration === '0') return { amount: 0, unit: 'h' };
  const match = /^(-?\d+(?:\.\d+)?)(m|h|d|w)$/.exec(duration);
  if (!match) throw new Error(`not a duration: "${duration}"`);
  return { amount: Number(match[1]), unit: match[2] as DurationUnit };
}

/**
 * `instant` + `duration` as a person in `zone` means it: minutes and hours are elapsed time, days and weeks are
 * calendar days, so "3d" after a 14:00 delivery is 14:00 local three days later even across a DST change.
 */
export function addDuration(instant: number, duration: string, zone: string): number {
  const { amount, unit } = parseDuration(duration);
  if (unit === 'm' || unit === 'h') return instant + amount * UNIT_MS[unit];
  return addDays(instant, unit === 'w' ? amount * 7 : amount, zone);
}

/** `instant` plus whole calendar days in `zone`. */
export const addDays = memoized(
  (instant: number, days: number, zone: string) => DateTime.fromMillis(instant, { zone }).plus({ days }).toMillis(),
  (instant, days, zone) => `${instant} ${days} ${zone}`,
);
