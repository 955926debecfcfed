import { cohortsOf } from '../../measurement/reports/cohortReport';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const customer = (firstDaysAgo: number, secondAfterDays?: number) => ({
  orders: [{ at: NOW - firstDaysAgo * DAY, net: 50 }, ...(secondAfterDays === undefined ? [] : [{ at: NOW - firstDaysAgo * DAY + secondAfterDays * DAY, net: 20 }])],
});

test('a cohort point waits until 30 customers (or the whole cohort) are old enough', () => {
  // November: 5 customers from the 1st (30 days old), 35 from late in the month.
  const november = [...Array.from({ length: 5 }, () => customer(30, 10)), ...Array.from({ length: 35 }, () => customer(5))];
  // October: three customers, all old enough; the whole cohort counts.
  const october = [customer(60, 20), customer(55), customer(50)];
  const [oct, nov] = cohortsOf([...october, ...november], NOW);
  expect(nov).toMatchObject({ month: '2026-11', customers: 40, secondOrder: { '30d': null }, ltv: { '0d': 50, '30d': null } });
  expect(oct).toMatchObject({ month: '2026-10', customers: 3, medianDaysToSecondOrder: 20 });
  expect(oct.secondOrder['30d']).toBeCloseTo(1 / 3, 10);
  expect(oct.ltv['30d']).toBeCloseTo((3 * 50 + 20) / 3, 10);
});
