import { Order } from '../../domain/order';
import { historicalOrders } from '../helpers/historicalOrders';
import { dueBetween, statesAfterImport } from '../helpers/importRule';
import { fixtureContent } from '../helpers/fixtureContent';

const HOUR = 3_600_000;
/**
 * The stated bound: at most this many emails in the first hour after importing 10,000 orders of two years (the rule
 * gives 5 and 1 at the two instants below; without it, over 100,000 messages would fall due in that hour).
 */
const FIRST_HOUR_BOUND = 10;

/**
 * The proof at full size, with the pure rules (10,000 orders through Temporal would take the 2-core test machine
 * far too long; test/e2e/importOrders.test.ts runs a sample through the real CLI, server and worker).
 */
describe('importing 10,000 orders of the past two years', () => {
  const content = fixtureContent();

  it.each([
    ['a weekday afternoon in New York', '2026-11-18T19:00:00Z'],
    ['a Sunday night in New York (morning in Tokyo)', '2026-11-23T03:30:00Z'],
  ])(
    `sends at most ${FIRST_HOUR_BOUND} emails in the first hour (%s), all marketing, all of a customer's newest order`,
    async (_, instant) => {
      const now = Date.parse(instant);
      const orders = historicalOrders(10_000, { now }).map((o) => Order.parse(o));
      const states = await statesAfterImport(orders, content, now);
      expect(states.size).toBeGreaterThan(3_000);
      // The history counts: every order is recorded with its customer.
      expect([...states.values()].reduce((n, s) => n + s.orders.length, 0)).toBe(10_000);

      const firstHour = dueBetween(states, now, now + HOUR);
      expect(firstHour.length).toBeLessThanOrEqual(FIRST_HOUR_BOUND);
      for (const message of firstHour) {
        expect(message.category).toBe('marketing');
        const newest = states
          .get(message.customerId)!
          .orders.reduce((a, b) => (Date.parse(b.placedAt) > Date.parse(a.placedAt) ? b : a));
        expect(message.orderId).toBe(newest.orderId);
      }
      // What does go out is what was always due: refills and win-backs come over the following months, not at once.
      const firstMonth = dueBetween(states, now, now + 30 * 24 * HOUR);
      expect(firstMonth.length).toBeGreaterThan(50);
      expect(firstMonth.filter((m) => m.category === 'service')).toEqual([]);
    },
  );
});
