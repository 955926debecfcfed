import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeDemoData } from '../../measurement/demoData';
import { inHoldout } from '../../measurement/holdout';
import { generateSyntheticFacts } from '../../measurement/syntheticFacts';
import { openStores, type Stores } from '../../storage';

const DAY = 86_400_000;
const now = Date.parse('2026-12-01T00:00:00Z');
const options = { storeId: 'demo', customers: 400, months: 6, now, seed: 7, demo: true };
const dirs: string[] = [];
const opened: Stores[] = [];

async function freshStores(): Promise<Stores> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-synthetic-'));
  dirs.push(dataDir);
  const stores = await openStores({ dataDir });
  opened.push(stores);
  return stores;
}

let stores: Stores;
beforeAll(async () => {
  stores = await freshStores();
  await generateSyntheticFacts(stores.db, options);
});
afterAll(async () => {
  for (const s of opened) await s.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

it('gives the same rows for the same seed, and other rows for another', async () => {
  const [a, b, c] = [await freshStores(), await freshStores(), await freshStores()];
  const first = await generateSyntheticFacts(a.db, options);
  expect(await generateSyntheticFacts(b.db, options)).toEqual(first);
  const orders = (s: Stores) => s.db.selectFrom('fact_orders').selectAll().orderBy('order_id').execute();
  expect(await orders(b)).toEqual(await orders(a));
  expect(first.fact_orders).toBeGreaterThan(options.customers);
  expect(first.fact_messages).toBeGreaterThan(5 * options.customers);
  expect(await generateSyntheticFacts(c.db, { ...options, seed: 8 })).not.toEqual(first);
});

it('holds out the customers inHoldout names, and sends them no marketing', async () => {
  const entries = await stores.db.selectFrom('journey_entries').select(['customer_id', 'holdout']).execute();
  for (const e of entries) expect(e.holdout).toBe(inHoldout('demo', e.customer_id, 'post-purchase', 0.1) ? 1 : 0);
  const heldOut = await stores.db
    .selectFrom('fact_messages')
    .select(['category', 'outcome', 'reason_kind'])
    .where('holdout', '=', 1)
    .execute();
  expect(heldOut.some((m) => m.reason_kind === 'holdout')).toBe(true);
  expect(heldOut.some((m) => m.category === 'service' && m.outcome === 'sent')).toBe(true);
  expect(heldOut.filter((m) => m.category === 'marketing' && m.outcome === 'sent')).toEqual([]);
});

it('credits every attributed order to a human click, and a message sent, within 5 days before it', async () => {
  const orders = await stores.db
    .selectFrom('fact_orders')
    .selectAll()
    .where('click_message_key', 'is not', null)
    .execute();
  expect(orders.length).toBeGreaterThan(10);
  for (const order of orders) {
    const placed = Number(order.placed_ms);
    const clicks = await stores.db
      .selectFrom('fact_clicks')
      .select(['message_key', 'clicked_ms', 'bot_reason'])
      .where('customer_id', '=', order.customer_id)
      .where('clicked_ms', '>=', placed - 5 * DAY)
      .where('clicked_ms', '<=', placed)
      .where('bot_reason', 'is', null)
      .orderBy('clicked_ms', 'desc')
      .execute();
    // The last human click in the window, as recordOrder credits it.
    expect(clicks[0]?.message_key).toBe(order.click_message_key);
    const sent = await stores.db
      .selectFrom('fact_messages')
      .select('at_ms')
      .where('message_key', '=', order.received_message_key!)
      .where('outcome', '=', 'sent')
      .executeTakeFirstOrThrow();
    expect(Number(sent.at_ms)).toBeGreaterThanOrEqual(placed - 5 * DAY);
  }
});

it('removes every demo row and leaves the rest', async () => {
  const s = await freshStores();
  const order = {
    store_id: 'demo',
    order_id: 'real-1',
    customer_id: 'real-c',
    email_hash: 'h',
    placed_ms: now - DAY,
    currency: 'USD',
    total: 10,
    recorded_ms: now,
  };
  await s.db.insertInto('fact_orders').values(order).execute();
  await s.db
    .insertInto('fact_events')
    .values({
      store_id: 'demo',
      order_id: 'real-1',
      customer_id: 'real-c',
      type: 'order.delivered',
      occurred_ms: now,
      recorded_ms: now,
    })
    .execute();
  const message = {
    store_id: 'demo',
    customer_id: 'real-c',
    order_id: 'real-1',
    journey_id: 'post-purchase',
    journey_version: 'v',
    step_id: 'reassurance',
    category: 'service',
    outcome: 'sent' as const,
    at_ms: now - DAY,
  };
  await s.db
    .insertInto('fact_messages')
    .values({ ...message, message_key: 'real-1/post-purchase/reassurance/order' })
    .execute();
  await s.db
    .insertInto('fact_clicks')
    .values({
      store_id: 'demo',
      customer_id: 'real-c',
      message_key: 'k',
      journey_id: 'post-purchase',
      step_id: 'reassurance',
      link: 'https://x.test/',
      clicked_ms: now,
    })
    .execute();
  await s.db
    .insertInto('journey_entries')
    .values({
      store_id: 'demo',
      journey_id: 'post-purchase',
      customer_id: 'real-c',
      order_id: 'real-1',
      journey_version: 'v',
      holdout: 0,
      entered_ms: now - DAY,
    })
    .execute();

  const loaded = await generateSyntheticFacts(s.db, { ...options, customers: 50 });
  const removed = await removeDemoData(s.db);
  expect(removed).toEqual(loaded);
  for (const table of ['fact_orders', 'fact_events', 'fact_messages', 'fact_clicks', 'journey_entries'] as const) {
    const rows = await s.db.selectFrom(table).select('customer_id').execute();
    expect([table, rows]).toEqual([table, [{ customer_id: 'real-c' }]]);
  }
});
