import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UNSUBSCRIBE_WINDOW_MS } from '../../measurement/messageFacts';
import { factRetention } from '../../measurement/retention';
import { rebuildMessageDays } from '../../measurement/messageDays';
import { openStores, type Stores } from '../../storage';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 10);
let stores: Stores;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'afterglow-facts-'));
  stores = await openStores({ dataDir });
});
afterAll(async () => {
  await stores.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sent = (customerId: string, step: string, category: string, at: number) =>
  stores.facts.recordOutcome({
    storeId: 's',
    customerId,
    orderId: 'o',
    messageKey: `o/j/${step}`,
    journeyId: 'j',
    journeyVersion: 'v',
    stepId: step,
    category,
    outcome: 'sent',
    at,
  });
const outcomes = (customerId: string) =>
  stores.db
    .selectFrom('fact_messages')
    .select(['step_id', 'outcome'])
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();

test('an unsubscribe counts against the last marketing message before it, once', async () => {
  await sent('u-1', 'how-to', 'service', T0);
  await sent('u-1', 'cross-sell', 'marketing', T0 + DAY);
  await sent('u-1', 'refill', 'service', T0 + 2 * DAY);
  await stores.facts.recordUnsubscribe('s', 'u-1', T0 + 3 * DAY);
  await stores.facts.recordUnsubscribe('s', 'u-1', T0 + 3 * DAY + 1000);
  expect((await outcomes('u-1')).filter((o) => o.outcome === 'unsubscribed')).toEqual([
    { step_id: 'cross-sell', outcome: 'unsubscribed' },
  ]);
});

test('an unsubscribe long after the last marketing message is not put down to it', async () => {
  await sent('u-2', 'cross-sell', 'marketing', T0);
  await stores.facts.recordUnsubscribe('s', 'u-2', T0 + UNSUBSCRIBE_WINDOW_MS + DAY);
  expect((await outcomes('u-2')).map((o) => o.outcome)).toEqual(['sent']);
});

test('an outcome recorded twice (a retried activity, a replay) is one row', async () => {
  await sent('u-3', 'cross-sell', 'marketing', T0);
  await sent('u-3', 'cross-sell', 'marketing', T0 + 5);
  expect(await outcomes('u-3')).toHaveLength(1);
});

test('prune deletes facts older than the given instant and keeps the rest', async () => {
  await sent('r-1', 'old', 'service', T0 - 800 * DAY);
  await sent('r-1', 'recent', 'service', T0 - 10 * DAY);
  await stores.facts.prune(T0 - 730 * DAY);
  expect((await outcomes('r-1')).map((o) => o.step_id)).toEqual(['recent']);
});

test('retention prunes at start to the configured age, and says so when it cannot', async () => {
  const asked: number[] = [];
  const warnings: string[] = [];
  factRetention(
    { prune: async (before) => void asked.push(before) },
    730,
    (line) => warnings.push(line),
    () => T0,
  ).stop();
  factRetention(
    { prune: async () => Promise.reject(new Error('database is locked')) },
    30,
    (line) => warnings.push(line),
    () => T0,
  ).stop();
  await new Promise((r) => setImmediate(r));
  expect(asked).toEqual([T0 - 730 * DAY]);
  expect(warnings).toEqual(['old report facts not deleted: database is locked']);
});

test('the daily counts kept as outcomes are recorded equal the counts rebuilt from the outcomes', async () => {
  const days = () =>
    stores.db
      .selectFrom('fact_message_days')
      .select([
        'store_id',
        'journey_id',
        'day',
        'journey_version',
        'step_id',
        'category',
        'outcome',
        'reason_kind',
        'demo',
        'messages',
        'first_ms',
      ])
      .orderBy('day')
      .orderBy('step_id')
      .orderBy('outcome')
      .orderBy('reason_kind')
      .execute();
  await stores.facts.recordOutcome({
    storeId: 's',
    customerId: 'd-1',
    orderId: 'o',
    messageKey: 'o/j/x',
    journeyId: 'j',
    journeyVersion: 'v',
    stepId: 'x',
    category: 'marketing',
    outcome: 'skipped',
    reasonKind: 'holdout',
    at: T0 + 3 * DAY,
  });
  await sent('d-2', 'x', 'marketing', T0 + 3 * DAY + 5);
  await sent('d-3', 'x', 'marketing', T0 + 3 * DAY - 5);
  const kept = await days();
  expect(kept.find((d) => d.step_id === 'x' && d.outcome === 'sent')).toMatchObject({
    messages: 2,
    first_ms: T0 + 3 * DAY - 5,
  });
  await stores.db.transaction().execute((tx) => rebuildMessageDays(tx));
  expect(await days()).toEqual(kept);
});
