import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';
import { runCli } from './runCli';

const env = { AFTERGLOW_CONTENT_DIR: FIXTURE_CONTENT_DIR };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-simulate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('afterglow simulate prints the timeline and writes the emails with --html', async () => {
  const order = path.join(dir, 'order.json');
  fs.writeFileSync(
    order,
    JSON.stringify({
      orderId: '1001',
      placedAt: '2026-12-01T01:00:00Z',
      currency: 'USD',
      total: '24.00',
      customer: {
        id: 'c-42',
        email: 'ada@example.com',
        firstName: 'Ada',
        timezone: 'America/New_York',
        acceptsMarketing: true,
      },
      lineItems: [{ sku: 'COFFEE-ETHIOPIA-250', title: 'Beans', quantity: 2, unitPrice: '12.00' }],
    }),
  );
  const result = await runCli(
    ['simulate', '--order', order, '--event', 'delivered@+2d', '--consent', 'false', '--html', path.join(dir, 'out')],
    env,
  );
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^local \(America\/New_York\)\s+UTC\s+order\s+step/m);
  expect(result.stdout).toMatch(/2026-11-30 20:00\s+2026-12-01 01:00\s+1001\s+reassurance\s+sent/);
  expect(result.stdout).toMatch(/cross-sell\s+skipped\s+no marketing consent/);
  expect(fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8')).toContain('01-reassurance.html');
  expect(fs.existsSync(path.join(dir, 'out', '01-reassurance.html'))).toBe(true);
});

it('afterglow simulate names a bad --event and exits 1', async () => {
  const result = await runCli(['simulate', '--event', 'shipped@+3d'], env);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('--event "shipped@+3d": unknown event "shipped"');
});

it('afterglow simulate --sku --locale builds the sample order of that product, and plays out without any event', async () => {
  const result = await runCli(['simulate', '--sku', 'MAG-SLEEP-30', '--locale', 'ja'], env);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^local \(Asia\/Tokyo\)/m);
  expect(result.stdout).toMatch(/^customer.s time zone: Asia\/Tokyo \(sent by the store\)/);
  expect(result.stdout).toMatch(/how-to \(MAG-SLEEP-30\)\s+sent/);
  expect(result.stdout).toMatch(/win-back\s+(sent|skipped)/);
  const typo = await runCli(['simulate', '--sku', 'MAG-SLEEP-3'], env);
  expect(typo).toMatchObject({
    code: 1,
    stderr: expect.stringContaining('--sku "MAG-SLEEP-3" is not in the catalog (did you mean "MAG-SLEEP-30"?)'),
  });
});
