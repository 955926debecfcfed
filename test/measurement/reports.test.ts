import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cohortReport } from '../../measurement/reports/cohortReport';
import { journeyReport } from '../../measurement/reports/journeyReport';
import { proportionDifference } from '../../measurement/statistics';
import { openStores, type Stores } from '../../storage';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { iso } from '../../rules/iso';
import { DAY, NOW, seed } from './seedFacts';

describe.each(['sqlite', 'postgres'] as const)('reports on %s', (dialect) => {
  let stores: Stores;
  let dataDir: string;
  let postgres: TestPostgres | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'afterglow-reports-'));
    if (dialect === 'postgres') postgres = await startPostgres();
    stores = await openStores({ dataDir, databaseUrl: postgres && (await postgres.createDatabase()) });
    await seed(stores);
  }, 120_000);

  afterAll(async () => {
    await stores?.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the funnel per step: sent, skips by kind, human and machine clicks, orders and revenue credited', async () => {
    const report = await journeyReport(stores.db, { storeId: 'shop', journeyId: 'post-purchase', now: NOW });
    expect(report.currency).toBe('USD');
    const crossSell = report.steps.find((s) => s.stepId === 'cross-sell')!;
    expect(crossSell).toMatchObject({
      category: 'marketing',
      sent: 40,
      skipped: 40,
      skippedBy: { holdout: 40 },
      clicks: 10,
      machineClicks: 1,
      attributedOrders: 10,
      attributedRevenue: 300,
      revenuePerRecipient: 7.5,
      // t-10 and t-11 did not click, but received it two days before reordering; t-11's order was refunded.
      receivedOrders: 12,
      receivedRevenue: 330,
    });
    expect(report.steps.find((s) => s.stepId === 'reassurance')).toMatchObject({ sent: 81, attributedOrders: 0 });
    expect(report.versions.map((v) => `${v.journeyVersion}/${v.stepId}`).sort()).toEqual([
      'v1/cross-sell',
      'v1/reassurance',
    ]);
  });

  test('the holdout comparison: repeat rates and revenue per customer, only customers old enough counted', async () => {
    const { holdout } = await journeyReport(stores.db, { storeId: 'shop', journeyId: 'post-purchase', now: NOW });
    expect(holdout.treatedCustomers).toBe(41);
    expect(holdout.heldOutCustomers).toBe(40);
    const rate = holdout.repeatRate['30d'];
    expect(rate.treated).toEqual({ customers: 40, value: 0.3 });
    expect(rate.heldOut).toEqual({ customers: 40, value: 0.1 });
    expect(rate.enoughData).toBe(true);
    const expected = proportionDifference(12, 40, 4, 40)!;
    expect(rate.difference!.difference).toBeCloseTo(0.2, 10);
    expect(rate.difference!.low).toBeCloseTo(expected.low, 10);
    expect(holdout.revenuePerCustomer.treated).toEqual({ customers: 40, value: 8.25 });
    expect(holdout.revenuePerCustomer.heldOut).toEqual({ customers: 40, value: 3 });
    expect(holdout.revenuePerCustomer.difference!.difference).toBeCloseTo(5.25, 10);
  });

  test('below the minimum group size the comparison says so instead of giving a number', async () => {
    const { holdout } = await journeyReport(stores.db, {
      storeId: 'shop',
      journeyId: 'post-purchase',
      since: NOW - 30 * DAY,
      now: NOW,
    });
    expect(holdout.treatedCustomers).toBe(1);
    expect(holdout.repeatRate['30d'].enoughData).toBe(false);
    expect(holdout.repeatRate['30d'].difference).toBeUndefined();
  });

  test('cohorts by month of first order: second orders and the LTV curve', async () => {
    const { cohorts } = await cohortReport(stores.db, { storeId: 'shop', now: NOW });
    const may = cohorts.find((c) => c.month === '2026-05')!;
    expect(may.customers).toBe(80);
    expect(may.secondOrder['30d']).toBeCloseTo(16 / 80, 10);
    expect(may.medianDaysToSecondOrder).toBe(12);
    expect(may.ltv['0d']).toBe(50);
    expect(may.ltv['30d']).toBeCloseTo((80 * 50 + 15 * 30) / 80, 10);
    // 100 days old: no 180- or 365-day figures yet.
    expect(may.ltv['180d']).toBeNull();
    const young = cohorts.find((c) => c.month === iso(NOW - 20 * DAY).slice(0, 7))!;
    expect(young.customers).toBe(1);
    expect(young.secondOrder['30d']).toBeNull();
  });
});
