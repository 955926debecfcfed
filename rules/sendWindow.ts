import { DateTime } from 'luxon';
import type { SendWindow } from '../definitions/sendingSchema';
import { memoized } from './memoized';

function at(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number);
  // On a spring-forward day a time inside the gap resolves to the first valid local time after it.
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * The first instant at or after `instant` that falls inside the local send window in `zone`. A message due
 * outside the window waits for the next opening: deferred, never skipped.
 */
export const nextWindowOpening = memoized(
  windowOpening,
  (instant: number, window: SendWindow, zone: string) => `${instant} ${window.start} ${window.end} ${zone}`,
);

function windowOpening(instant: number, window: SendWindow, zone: string): number {
  const local = DateTime.fromMillis(instant, { zone });
  const open = at(local, window.start);
  const close = at(local, window.end);
  // Stryker disable next-line EqualityOperator: SendWindow refuses start === end, so < and <= never differ here
  if (window.start < window.end) {
    if (local >= open && local < close) return instant;
    // Stryker disable next-line EqualityOperator: local === open was inside the window and returned above
    return (local < open ? open : at(local.plus({ days: 1 }), window.start)).toMillis();
  }
  // Across midnight (e.g. 20:00-02:00): inside when after today's opening or before today's closing.
  // Stryker disable next-line EqualityOperator: at local === open, `open.toMillis()` below is the same instant
  if (local >= open || local < close) return instant;
  return open.toMillis();
}

/** "09:00-20:00 Asia/Tokyo", for reasons in the journey state. */
export function describeWindow(window: SendWindow, zone: string): string {
  return `${window.start}-${window.end} ${zone}`;
}
