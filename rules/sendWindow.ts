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
 * outside the window waits for the next opening: deferred, never skipped. `offsetMs` (see `openingOffset`) moves
 * that opening later for this customer, never past the window's closing; a message due inside the window is not
 * moved.
 */
export const nextWindowOpening = memoized(
  windowOpening,
  (instant: number, window: SendWindow, zone: string, offsetMs = 0) =>
    `${instant} ${window.start} ${window.end} ${zone} ${offsetMs}`,
);

function windowOpening(instant: number, window: SendWindow, zone: string, offsetMs = 0): number {
  const local = DateTime.fromMillis(instant, { zone });
  const open = at(local, window.start);
  const close = at(local, window.end);
  let opening: DateTime;
  // Stryker disable next-line EqualityOperator: SendWindow refuses start === end, so < and <= never differ here
  if (window.start < window.end) {
    if (local >= open && local < close) return instant;
    // Stryker disable next-line EqualityOperator: local === open was inside the window and returned above
    opening = local < open ? open : at(local.plus({ days: 1 }), window.start);
  } else {
    // Across midnight (e.g. 20:00-02:00): inside when after today's opening or before today's closing.
    // Stryker disable next-line EqualityOperator: at local === open, the opening below is the same instant
    if (local >= open || local < close) return instant;
    opening = open;
  }
  return opening.toMillis() + (offsetMs % windowLength(opening, window));
}

/** How long the window that opens at `opening` stays open, in ms (across midnight: until the next day's closing). */
function windowLength(opening: DateTime, window: SendWindow): number {
  const closing = at(opening, window.end);
  // Stryker disable next-line EqualityOperator: SendWindow refuses start === end, so closing never equals opening
  return (closing > opening ? closing : at(opening.plus({ days: 1 }), window.end)).toMillis() - opening.toMillis();
}

/**
 * How long after the window opens this customer's held-back messages go out: a fixed offset per customer, in whole
 * seconds below `spreadMinutes` (FNV-1a of the customer id, so the same customer always gets the same moment and
 * a replayed workflow computes the same one). Thousands of messages held overnight then reach the mail provider
 * and the workers as a ramp over the first minutes of the window, not all at 09:00:00.
 */
export function openingOffset(customerId: string, spreadMinutes: number): number {
  if (spreadMinutes <= 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) hash = Math.imul(hash ^ customerId.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % (spreadMinutes * 60)) * 1000;
}

/** "09:00-20:00 Asia/Tokyo", for reasons in the journey state. */
export function describeWindow(window: SendWindow, zone: string): string {
  return `${window.start}-${window.end} ${zone}`;
}
