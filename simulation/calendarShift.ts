import type { SendMessageInput } from '../activities/types';

const DAY_MS = 86_400_000;
/**
 * The Gregorian calendar repeats every 28 years between 1901 and 2099: the same dates fall on the same weekdays,
 * leap days included, so every zone's daylight-saving changes ("second Sunday in March") fall on the same dates and
 * hours too. 28 years are exactly 10,227 days.
 */
export const CALENDAR_CYCLE_MS = 10_227 * DAY_MS;

/**
 * Where to run a timeline that starts at `orderedAt` on a server whose clock reads `now` and only moves forward:
 * the order's own instant, or the same instant whole calendar cycles later. `offsetMs` maps back onto the order's
 * dates; hours, weekdays and clock changes are the order's own.
 */
export function simulatedStart(orderedAt: number, now: number): { startMs: number; offsetMs: number } {
  const cycles = orderedAt > now ? 0 : Math.floor((now - orderedAt) / CALENDAR_CYCLE_MS) + 1;
  return { startMs: orderedAt + cycles * CALENDAR_CYCLE_MS, offsetMs: -cycles * CALENDAR_CYCLE_MS };
}

/** A send's dates moved back onto the order's own calendar, so the emails show the dates the customer would see. */
export function onOrderCalendar(input: SendMessageInput, offsetMs: number): SendMessageInput {
  if (offsetMs === 0) return input;
  const shift = (iso: string) => new Date(Date.parse(iso) + offsetMs).toISOString();
  const history = input.history && {
    ...input.history,
    firstOrderAt: shift(input.history.firstOrderAt),
    ownedSince: Object.fromEntries(Object.entries(input.history.ownedSince).map(([sku, at]) => [sku, shift(at)])),
  };
  return { ...input, order: { ...input.order, placedAt: shift(input.order.placedAt) }, ...(history && { history }) };
}
