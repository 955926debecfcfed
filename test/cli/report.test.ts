import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStores } from '../../storage';
import { seed } from '../measurement/seedFacts';
import { runCli } from './runCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-report-cli-'));
const env = { AFTERGLOW_DATA_DIR: dir };

beforeAll(async () => {
  const stores = await openStores({ dataDir: dir });
  await seed(stores);
  await stores.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('prints the lift against the holdout and the funnel per step', async () => {
  const { code, stdout } = await runCli(['report', '--store', 'shop'], env);
  expect(code).toBe(0);
  expect(stdout).toContain('post-purchase · store shop · all time');
  // The seeded facts lie in the past: by any date this runs, the customer who entered last is 30 days in (12 of 41).
  expect(stdout).toMatch(/repeat within 30d\s+29\.3% \(41\)\s+10\.0% \(40\)\s+19\.3% \[/);
  const crossSell = stdout.split('\n').find((l) => l.startsWith('cross-sell'))!;
  // step, sent, skipped, clicks, machine, orders, revenue, per sent, skipped because
  expect(crossSell.split(/\s{2,}/)).toEqual([
    'cross-sell',
    '40',
    '40',
    '10',
    '1',
    '10',
    '300.00',
    '7.50',
    'holdout 40',
  ]);
});

it('gives the same numbers as JSON and as CSV', async () => {
  const json = JSON.parse((await runCli(['report', '--store', 'shop', '--format', 'json'], env)).stdout);
  expect(json.steps.find((s: { stepId: string }) => s.stepId === 'cross-sell')).toMatchObject({
    sent: 40,
    attributedRevenue: 300,
  });
  const csv = (await runCli(['report', '--store', 'shop', '--format', 'csv'], env)).stdout.trim().split('\r\n');
  expect(csv[0]).toBe(
    'stepId,category,sent,deferred,skipped,failed,bounced,unsubscribed,clicks,machineClicks,attributedOrders,attributedRevenue,revenuePerRecipient,receivedOrders,receivedRevenue',
  );
  expect(csv.find((r) => r.startsWith('cross-sell'))).toBe('cross-sell,marketing,40,0,40,0,0,0,10,1,10,300,7.5,12,330');
});

it.each([
  [['--format', 'xml'], '--format "xml": one of table, json, csv'],
  [['--since', 'yesterday'], '--since "yesterday"'],
])('refuses %j with a message that says what is wrong', async (args, message) => {
  const { code, stderr } = await runCli(['report', ...args], env);
  expect(code).not.toBe(0);
  expect(stderr).toContain(message);
});
