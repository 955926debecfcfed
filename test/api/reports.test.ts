import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStores, type Stores } from '../../storage';
import { launchChromium, screenshot } from '../helpers/browser';
import { NOW, seed } from '../measurement/seedFacts';
import { testApp } from './helpers';

const ADMIN = 'a'.repeat(40);
const bearer = { authorization: `Bearer ${ADMIN}` };

describe('report API and page', () => {
  let stores: Stores;
  let dataDir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'afterglow-report-api-'));
    stores = await openStores({ dataDir });
    await seed(stores);
    ({ app } = await testApp({ reports: { db: stores.db, adminToken: ADMIN, now: () => NOW } }));
  });

  afterAll(async () => {
    await app.close();
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every report route needs the admin token', async () => {
    for (const url of [
      '/v1/reports/journeys/post-purchase?storeId=shop',
      '/v1/reports/cohorts?storeId=shop',
      '/report?storeId=shop',
    ]) {
      expect((await app.inject({ url })).statusCode).toBe(401);
      expect((await app.inject({ url, headers: { authorization: `Bearer ${'b'.repeat(40)}` } })).statusCode).toBe(401);
    }
  });

  test('the journey report as JSON: steps with their numbers, and the holdout comparison', async () => {
    const res = await app.inject({ url: '/v1/reports/journeys/post-purchase?storeId=shop', headers: bearer });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.steps.find((s: { stepId: string }) => s.stepId === 'cross-sell')).toMatchObject({
      sent: 40,
      clicks: 10,
      attributedOrders: 10,
      attributedRevenue: 300,
    });
    expect(body.holdout.repeatRate['30d']).toMatchObject({ treated: { customers: 40, value: 0.3 }, enoughData: true });
  });

  test('bad query values are named', async () => {
    const res = await app.inject({
      url: '/v1/reports/journeys/post-purchase?storeId=shop&since=last-week&currency=usd',
      headers: bearer,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .issues.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['query.currency', 'query.since']);
  });

  test('a store with demo data says so on the page; a real one does not', async () => {
    await stores.db
      .insertInto('journey_entries')
      .values({
        store_id: 'demo',
        journey_id: 'post-purchase',
        customer_id: 'd-1',
        order_id: 'd-1-1',
        journey_version: 'v',
        holdout: 0,
        entered_ms: NOW,
        demo: 1,
      })
      .execute();
    const page = (storeId: string) =>
      app.inject({ url: `/report?storeId=${storeId}`, headers: bearer }).then((r) => r.body);
    expect(await page('demo')).toContain('<strong>Demo data.</strong>');
    expect(await page('shop')).not.toContain('Demo data');
  });

  test('cohorts as JSON', async () => {
    const res = await app.inject({ url: '/v1/reports/cohorts?storeId=shop&journeyId=post-purchase', headers: bearer });
    expect(res.json().cohorts.find((c: { month: string }) => c.month === '2026-05')).toMatchObject({
      customers: 80,
      medianDaysToSecondOrder: 12,
    });
  });

  test('the page in Chromium shows the charts and the same numbers as the JSON', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const json = (await app.inject({ url: '/v1/reports/journeys/post-purchase?storeId=shop', headers: bearer })).json();
    const browser = await launchChromium();
    try {
      await browser.context.setHTTPCredentials({ username: 'support', password: ADMIN });
      const response = await browser.page.goto(`${address}/report?storeId=shop&journeyId=post-purchase`);
      expect(response?.status()).toBe(200);
      // Funnel, lift and LTV: three charts drawn as SVG, with marks in them.
      expect(await browser.page.locator('figure svg').count()).toBe(3);
      expect(await browser.page.locator('figure svg path, figure svg line, figure svg rect').count()).toBeGreaterThan(
        10,
      );
      const cellText = (step: string, field: string) =>
        browser.page.locator(`td[data-step="${step}"][data-field="${field}"]`).innerText();
      for (const step of json.steps as {
        stepId: string;
        sent: number;
        clicks: number;
        attributedOrders: number;
        attributedRevenue: number;
      }[]) {
        expect(Number((await cellText(step.stepId, 'sent')).replace(/,/g, ''))).toBe(step.sent);
        expect(Number((await cellText(step.stepId, 'clicks')).replace(/,/g, ''))).toBe(step.clicks);
        expect(Number((await cellText(step.stepId, 'attributedOrders')).replace(/,/g, ''))).toBe(step.attributedOrders);
        expect(Number((await cellText(step.stepId, 'attributedRevenue')).replace(/,/g, ''))).toBe(
          step.attributedRevenue,
        );
      }
      expect(await cellText('repeat-30d', 'treated')).toBe(
        `${(json.holdout.repeatRate['30d'].treated.value * 100).toFixed(1)}%`,
      );
      await screenshot(browser.page, 'report-page');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
