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
  if (window.start < window.end) {
    if (local >= open && local < close) return instant;
    return (local < open ? open : at(local.plus({ days: 1 }), window.start)).toMillis();
  }
  // Across midnight (e.g. 20:00-02:00): inside when after today's opening or before today's closing.
  if (local >= open || local < close) return instant;
  return open.toMillis();
}

/** "09:00-20:00 Asia/Tokyo", for reasons in the journey state. */
export function describeWindow(window: SendWindow, zone: string): string {
  return `${window.start}-${window.end} ${zone}`;
}
