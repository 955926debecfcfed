import { DateTime } from 'luxon';
import { Order } from '../../domain/order';
import { CALENDAR_CYCLE_MS, simulatedStart } from '../../simulation/calendarShift';
import { runSimulation } from '../../simulation/runSimulation';
import { parseSimulationEvent } from '../../simulation/simulationEvents';
import { timelineRows } from '../../simulation/timeline';
import { fixtureContent } from '../helpers/fixtureContent';

const content = fixtureContent();

describe('simulatedStart', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  it.each([
    ['an order in the future runs at its own instant', '2027-01-10T09:00:00Z', 0],
    ['an order in the past runs one 28-year cycle later', '2026-03-05T14:20:00Z', 1],
    ['an order more than 28 years ago runs two cycles later', '1995-06-01T08:00:00Z', 2],
  ])('%s', (_, placedAt, cycles) => {
    const { startMs, offsetMs } = simulatedStart(Date.parse(placedAt), now);
    expect(offsetMs).toBe(-cycles * CALENDAR_CYCLE_MS);
    expect(startMs + offsetMs).toBe(Date.parse(placedAt));
    expect(startMs).toBeGreaterThanOrEqual(cycles ? now : Date.parse(placedAt));
  });

  it.each(['America/New_York', 'Europe/Berlin', 'Australia/Sydney'])(
    'a cycle later the local hours and weekdays of %s are the same',
    (zone) => {
      for (let day = 0; day < 800; day += 3) {
        const instant = Date.parse('2026-01-01T14:20:00Z') + day * 86_400_000;
        const here = DateTime.fromMillis(instant, { zone });
        const later = DateTime.fromMillis(instant + CALENDAR_CYCLE_MS, { zone });
        expect([later.toFormat('MM-dd ccc HH:mm'), later.year - here.year]).toEqual([
          here.toFormat('MM-dd ccc HH:mm'),
          28,
        ]);
      }
    },
  );
});

/**
 * The calendar-day rule of docs/marketers.md across clock changes: "3d after a 10:20 delivery is 10:20 three days
 * later, even across a DST change". Orders placed at 09:20 local three days before each change, delivered an hour later.
 */
describe.each([
  ['America/New_York', 'spring', '2026-03-05'],
  ['America/New_York', 'autumn', '2026-10-29'],
  ['Europe/Berlin', 'spring', '2026-03-26'],
  ['Europe/Berlin', 'autumn', '2026-10-22'],
])('simulate in %s around the %s clock change', (zone, _season, date) => {
  it("prints every day-anchored message at the delivery's local time, on the right dates", async () => {
    const placed = DateTime.fromISO(`${date}T09:20`, { zone });
    const order = Order.parse({
      orderId: 'DST-1',
      placedAt: placed.toUTC().toISO(),
      currency: 'USD',
      total: '58.00',
      customer: {
        id: 'c-dst',
        email: 'dst@example.com',
        firstName: 'Ada',
        locale: 'en-US',
        timezone: zone,
        acceptsMarketing: true,
      },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    });
    const result = await runSimulation({ order, events: [parseSimulationEvent('delivered@+1h')], content });
    const rows = timelineRows(result);
    const local = (stepId: string) =>
      DateTime.fromMillis(
        rows.find((r) => r.stepId === stepId && r.item.startsWith(stepId === 'milestone' ? 'week 1' : ''))!.at!,
        { zone },
      ).toFormat('yyyy-MM-dd HH:mm');
    const delivered = placed.plus({ hours: 1 });
    expect(local('delivery-check')).toBe(delivered.plus({ days: 3 }).toFormat('yyyy-MM-dd HH:mm'));
    expect(local('milestone')).toBe(delivered.plus({ days: 7 }).toFormat('yyyy-MM-dd HH:mm'));
    expect(local('cross-sell')).toBe(delivered.plus({ days: 10 }).toFormat('yyyy-MM-dd HH:mm'));
    expect(local('delivery-check').endsWith('10:20')).toBe(true);
    // The emails show the order's own date, not the simulated calendar's.
    expect(result.mails[0].text).toContain(placed.setLocale('en-US').toLocaleString(DateTime.DATE_FULL));
  });
});
