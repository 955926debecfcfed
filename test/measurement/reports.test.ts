import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Order } from '../../domain/order';
import { cohortReport } from '../../measurement/reports/cohortReport';
import { journeyReport } from '../../measurement/reports/journeyReport';
import { proportionDifference } from '../../measurement/statistics';
import { openStores, type Stores } from '../../storage';
import { startPostgres, type TestPostgres } from '../support/postgres';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 10, 9);
const NOW = T0 + 100 * DAY;
const WINDOW = 5 * DAY;
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const iso = (ms: number) => new Date(ms).toISOString();

const order = (customerId: string, orderId: string, at: number, total: string): Order => ({
  storeId: 'shop',
  orderId,
  placedAt: iso(at),
  currency: 'USD',
  total,
  customer: { id: customerId, email: `${customerId}@example.com`, acceptsMarketing: true },
  lineItems: [{ sku: 'serum', title: 'Serum', quantity: 1, unitPrice: total }],
});

/**
 * 40 treated and 40 held-out customers enter the journey with a $50 order; the treated get the cross-sell, the
 * held-out have it skipped. 10 treated click it and reorder within the window ($30), 2 more reorder without a click
 * (one refunded), 4 held-out reorder. One more treated customer entered only 20 days ago.
 */
async function seed({ facts }: Stores): Promise<void> {
  const message = (customerId: string, step: string, outcome: 'sent' | 'skipped', at: number, extra = {}) =>
    facts.recordOutcome({
      storeId: 'shop',
      customerId,
      orderId: `first-${customerId}`,
      messageKey: `first-${customerId}/post-purchase/${step}`,
      journeyId: 'post-purchase',
      journeyVersion: 'v1',
      stepId: step,
      category: step === 'cross-sell' ? 'marketing' : 'service',
      outcome,
      at,
      ...extra,
    });
  const enter = async (customerId: string, heldOut: boolean, at: number) => {
    await facts.recordOrder(order(customerId, `first-${customerId}`, at, '50.00'), WINDOW);
    await facts.recordEntries([{ storeId: 'shop', journeyId: 'post-purchase', customerId, orderId: `first-${customerId}`, journeyVersion: 'v1', heldOut, at }]);
    await message(customerId, 'reassurance', 'sent', at + 60_000);
  };
  for (let i = 0; i < 40; i++) {
    await enter(`t-${i}`, false, T0);
    await message(`t-${i}`, 'cross-sell', 'sent', T0 + 10 * DAY);
    await enter(`h-${i}`, true, T0);
    await message(`h-${i}`, 'cross-sell', 'skipped', T0 + 10 * DAY, { heldOut: true, reasonKind: 'holdout', reason: 'held out' });
  }
  const click = (customerId: string, method: string, at: number) =>
    facts.recordClick({ storeId: 'shop', customerId, messageKey: `first-${customerId}/post-purchase/cross-sell`, journeyId: 'post-purchase', stepId: 'cross-sell', link: 'https://shop.example/p/mask', method, userAgent: BROWSER, at });
  for (let i = 0; i < 10; i++) await click(`t-${i}`, 'GET', T0 + 10 * DAY + 3_600_000);
  await click('t-0', 'HEAD', T0 + 10 * DAY + 7_200_000);
  for (let i = 0; i < 12; i++) await facts.recordOrder(order(`t-${i}`, `again-t-${i}`, T0 + 12 * DAY, '30.00'), WINDOW);
  await facts.recordEvent({ type: 'order.refunded', storeId: 'shop', customerId: 't-11', orderId: 'again-t-11', occurredAt: iso(T0 + 14 * DAY) });
  for (let i = 0; i < 4; i++) await facts.recordOrder(order(`h-${i}`, `again-h-${i}`, T0 + 12 * DAY, '30.00'), WINDOW);
  await enter('young', false, NOW - 20 * DAY);
}

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
    expect(report.versions.map((v) => `${v.journeyVersion}/${v.stepId}`).sort()).toEqual(['v1/cross-sell', 'v1/reassurance']);
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
    const { holdout } = await journeyReport(stores.db, { storeId: 'shop', journeyId: 'post-purchase', since: NOW - 30 * DAY, now: NOW });
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
