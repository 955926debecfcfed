import { type CohortCounts, cohortOf } from '../../measurement/reports/cohortReport';

const ages = (values: [number, number, number, number, number, number]) =>
  Object.fromEntries([0, 30, 60, 90, 180, 365].map((d, i) => [d, values[i]])) as Record<number, number>;
const counts = (overrides: Partial<CohortCounts>): CohortCounts => ({
  month: '2026-11',
  customers: 40,
  old: ages([40, 5, 0, 0, 0, 0]),
  second: ages([0, 2, 0, 0, 0, 0]),
  revenue: ages([2000, 300, 0, 0, 0, 0]),
  gaps: [10, 12, 30],
  ...overrides,
});

test.each([
  { name: 'a point waits until 30 customers are old enough', c: counts({}), second30: null, ltv0: 50, ltv30: null },
  {
    name: 'with 30 old enough it is given',
    c: counts({
      old: ages([40, 30, 0, 0, 0, 0]),
      second: ages([0, 6, 0, 0, 0, 0]),
      revenue: ages([2000, 1800, 0, 0, 0, 0]),
    }),
    second30: 0.2,
    ltv0: 50,
    ltv30: 60,
  },
  {
    name: 'a cohort smaller than 30 counts once all of it is old enough',
    c: counts({
      customers: 3,
      old: ages([3, 3, 0, 0, 0, 0]),
      second: ages([0, 1, 0, 0, 0, 0]),
      revenue: ages([150, 170, 0, 0, 0, 0]),
    }),
    second30: 1 / 3,
    ltv0: 50,
    ltv30: 170 / 3,
  },
])('$name', ({ c, second30, ltv0, ltv30 }) => {
  const cohort = cohortOf(c);
  if (second30 === null) expect(cohort.secondOrder['30d']).toBeNull();
  else expect(cohort.secondOrder['30d']).toBeCloseTo(second30, 10);
  expect(cohort.ltv['0d']).toBeCloseTo(ltv0, 10);
  if (ltv30 === null) expect(cohort.ltv['30d']).toBeNull();
  else expect(cohort.ltv['30d']).toBeCloseTo(ltv30, 10);
  expect(cohort.ltv['365d']).toBeNull();
  expect(cohort.medianDaysToSecondOrder).toBe(12);
});
