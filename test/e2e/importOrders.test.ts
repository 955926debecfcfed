import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Order } from '../../domain/order';
import { loyaltyTotals } from '../../rules/conditions';
import { openStores, type Stores } from '../../storage';
import { runCli } from '../cli/runCli';
import { historicalCsv, historicalOrders } from '../helpers/historicalOrders';
import { dueBetween, statesAfterImport } from '../helpers/importRule';
import { type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';
import { fixtureContent } from '../helpers/fixtureContent';

/**
 * `afterglow import orders` end to end on a sample: the real CLI (a child process) against Temporal's time-skipping
 * test server and a worker with the real activities. The full 10,000 run on the pure rules is in
 * test/rules/importedHistory.test.ts; this one shows the server, worker and CLI do what those rules say.
 */
const SAMPLE = 240;
const HOUR = 3_600_000;
const content = fixtureContent();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-import-'));
let h: JourneyHarness;
let stores: Stores;

beforeAll(async () => {
  h = await startJourneyHarness(() => content, { dataDir });
  stores = await openStores({ dataDir });
}, 120_000);
afterAll(async () => {
  await stores?.close();
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The time-skipping server cannot register Afterglow's search attributes.
const cliEnv = () => ({
  TEMPORAL_ADDRESS: h.env.address,
  TEMPORAL_TASK_QUEUE: 'journeys-test',
  AFTERGLOW_DATA_DIR: dataDir,
  AFTERGLOW_SEARCH_ATTRIBUTES: 'off',
});
const summary = (stdout: string) =>
  /Imported (\d+) orders? into store "default"; (\d+) already there/.exec(stdout)?.slice(1).map(Number);

test(`${SAMPLE} orders of the past four months: killed, stopped, resumed, rerun; history recorded, only the rule's few emails in the first hour`, async () => {
  const now = await h.now();
  // Four months, so that the sample holds recent orders whose reassurance, how-to and cross-sell the journeys would send.
  const orders = historicalOrders(SAMPLE, { now, days: 120, seed: 7 });
  const csv = path.join(dataDir, 'orders.csv');
  fs.writeFileSync(csv, historicalCsv(orders));

  // Progress lines on stderr (it is not a terminal) tell how far an import is.
  const importUntil = (share: number, signal: NodeJS.Signals) =>
    runCli(['import', 'orders', csv, '--store', 'default', '--rate', '40'], cliEnv(), (child) =>
      child.stderr!.on('data', (chunk: Buffer) => {
        const done = [...chunk.toString('utf8').matchAll(/^import: (\d+)\//gm)].map((m) => Number(m[1]));
        // Once: a second Ctrl-C ends the process at once, as a user pressing it twice would want.
        if (done.some((n) => n >= SAMPLE * share) && child.signalCode === null && !child.killed) child.kill(signal);
      }),
    );

  // 1. Killed once a fifth of the orders is in.
  const killed = await importUntil(0.2, 'SIGKILL');
  expect(killed).toMatchObject({ code: null, stderr: expect.stringMatching(/^import: \d+\/240/m) });
  const afterKill = Number(await countImported());
  expect(afterKill).toBeGreaterThanOrEqual(SAMPLE / 5);
  expect(afterKill).toBeLessThan(SAMPLE);

  // 2. Resumed, then stopped with Ctrl-C at two fifths: it finishes the order in flight and says what is left.
  const interrupted = await importUntil(0.4, 'SIGINT');
  expect(interrupted.code).toBe(130);
  const [firstPart, alreadyThen] = summary(interrupted.stdout)!;
  expect(alreadyThen).toBe(afterKill);
  const afterStop = Number(await countImported());
  expect(afterStop).toBe(afterKill + firstPart);
  expect(interrupted.stdout).toContain(
    `Stopped with ${SAMPLE - afterStop} orders to go: run the same command again to resume.`,
  );

  // 3. The rerun resumes: what the earlier runs handed over is not sent again.
  const resumed = await runCli(['import', 'orders', csv, '--store', 'default', '--rate', '40'], cliEnv());
  expect(resumed.code).toBe(0);
  const [imported, already] = summary(resumed.stdout)!;
  expect(already).toBe(afterStop);
  expect(imported + already).toBe(SAMPLE);

  // 4. A second full run imports nothing.
  const again = await runCli(['import', 'orders', csv, '--store', 'default'], cliEnv());
  expect(again.code).toBe(0);
  expect(summary(again.stdout)).toEqual([0, SAMPLE]);

  // History counts: every order once in the facts (the reports), none as a journey entry (nothing was sent for it),
  // and each customer's journey holds all of their orders (order count, lifetime spend, VIP).
  expect(
    Number(
      (
        await stores.db
          .selectFrom('fact_orders')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  ).toBe(SAMPLE);
  expect(await stores.db.selectFrom('journey_entries').selectAll().execute()).toEqual([]);
  const ordersOf = (id: string) => orders.filter((o) => o.customer.id === id);
  const customerId = [...new Set(orders.map((o) => o.customer.id))].sort(
    (a, b) => ordersOf(b).length - ordersOf(a).length,
  )[0];
  const theirOrders = ordersOf(customerId);
  expect(theirOrders.length).toBeGreaterThanOrEqual(3);
  const state = await h.state(customerId);
  expect(loyaltyTotals(state).orderCount).toBe(theirOrders.length);
  expect(loyaltyTotals(state).lifetimeSpend).toBeCloseTo(
    theirOrders.reduce((sum, o) => sum + Number(o.total), 0),
    2,
  );
  // Three orders make a VIP in the default store.
  expect(state.vipSince).toBeDefined();
  // Only their newest order's runs go on; its service messages were skipped at the import.
  const newest = theirOrders.reduce((a, b) => (Date.parse(b.placedAt) > Date.parse(a.placedAt) ? b : a)).orderId;
  const earlier = state.runs.filter((r) => r.orderId !== newest);
  expect(earlier.length).toBeGreaterThan(0);
  // Each was superseded by the next order as it arrived, unless nothing of it was left by then (completed).
  for (const run of earlier) {
    if (run.status === 'exited') expect(run.exitReason).toMatch(/^imported order superseded by order H\d+$/);
    else expect(run.status).toBe('completed');
  }
  expect(earlier.flatMap((r) => r.messages).filter((m) => m.status === 'pending')).toEqual([]);
  const newestMessages = state.runs
    .filter((r) => r.orderId === newest)
    .flatMap((r) => r.messages.map((m) => ({ m, step: r.steps[m.stepIndex] })));
  expect(
    newestMessages.filter(({ m, step }) => 'category' in step && step.category === 'service' && m.status !== 'skipped'),
  ).toEqual([]);

  // The first hour: the emails are those the rule leaves due within it, however many orders were recent.
  const before = h.sink.mails.length;
  await h.env.sleep('1h');
  const sent = h.sink.mails.length;
  const ruled = dueBetween(
    await statesAfterImport(
      orders.map((o) => Order.parse(o)),
      content,
      now,
    ),
    now,
    (await h.now()) + HOUR,
  );
  expect(before).toBeLessThanOrEqual(ruled.length);
  expect(sent).toBeLessThanOrEqual(ruled.length);
  expect(ruled.filter((m) => m.category === 'service')).toEqual([]);
  // Without the rule this sample would send its recent orders' reassurance, how-to, milestone and cross-sell now.
  const unruled = orders.filter((o) => Date.parse(o.placedAt) > now - 2 * 86_400_000).length;
  expect(unruled).toBeGreaterThan(0);
  for (const mail of h.sink.mails)
    expect(['cross-sell', 'upsell', 'refill', 'win-back']).toContain(mail.parsed.headers.get('x-afterglow-step'));
}, 600_000);

async function countImported() {
  const row = await stores.db
    .selectFrom('order_imports')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
