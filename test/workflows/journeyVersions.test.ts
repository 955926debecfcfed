import { WorkflowUpdateFailedError } from '@temporalio/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LiveContent, watchLiveContent } from '../../definitions/liveContent';
import { Order } from '../../domain/order';
import { customerWorkflowId } from '../../workflows/signals';
import { migrateJourney } from '../../workflows/supportUpdates';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';
import { DAY, type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';

/** A private copy of the marketer files, edited while customers are in the journey. */
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-content-'));
for (const folder of ['journeys', 'catalog', 'stores', 'templates'])
  fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(contentDir, folder), { recursive: true });
const journeyFile = path.join(contentDir, 'journeys/post-purchase.yaml');
// Send windows would shift the instants this test compares; the journey-level setting turns them off.
fs.writeFileSync(journeyFile, fs.readFileSync(journeyFile, 'utf8').replace(/^steps:/m, 'sendWindow: anytime\nsteps:'));
const dataDir = path.join(contentDir, 'data');
let live: LiveContent;
const content = () => live.current();
/** The worker's content after an edit: checked now rather than at the next look of the watcher's timer. */
const edit = async (text: string) => {
  fs.writeFileSync(journeyFile, text);
  await live.check();
};

let h: JourneyHarness;
beforeAll(async () => {
  live = await watchLiveContent({ contentDir, dataDir, log: () => {} });
  h = await startJourneyHarness(content, { dataDir });
});
afterAll(async () => {
  await h?.close();
  live?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

async function orderFor(customerId: string, sku = 'VC-SERUM-30') {
  const order = Order.parse({
    orderId: `${customerId}-1`,
    placedAt: new Date(await h.now()).toISOString(),
    currency: 'USD',
    total: '20.00',
    customer: { id: customerId, email: `${customerId}@example.com`, acceptsMarketing: true },
    lineItems: [{ sku, title: 'Something', quantity: 1, unitPrice: '20.00' }],
  });
  await h.gateway.placeOrder(order);
  return order;
}

/** Reports the delivery now; returns when it happened (the journey times its steps from this). */
async function delivered(customerId: string) {
  const occurredAt = await h.now();
  await h.gateway.reportEvent({
    type: 'order.delivered',
    storeId: 'default',
    customerId,
    orderId: `${customerId}-1`,
    occurredAt: new Date(occurredAt).toISOString(),
  });
  return occurredAt;
}

it('a journey edit reaches customers who start after it and never those already in the journey', async () => {
  await orderFor('c-before');
  await h.env.sleep(DAY);
  const oldVersion = content().journeys[0].version;

  // The marketer moves the how-to from two hours to one day after delivery.
  const edited = fs.readFileSync(journeyFile, 'utf8').replace(/(- id: how-to[\s\S]*?after: )2h/, '$11d');
  expect(edited).not.toBe(fs.readFileSync(journeyFile, 'utf8'));
  await edit(edited);
  expect(content().journeys[0].version).not.toBe(oldVersion);

  await orderFor('c-after');
  const deliveredAt = { before: await delivered('c-before'), after: await delivered('c-after') };
  await h.env.sleep(3 * DAY);

  const before = (await h.state('c-before')).runs[0];
  const after = (await h.state('c-after')).runs[0];
  expect(before.version).toBe(oldVersion);
  expect(after.version).toBe(content().journeys[0].version);
  const howToDelay = (run: typeof before, from: number) =>
    Date.parse(run.messages.find((m) => m.stepId === 'how-to')!.resolvedAt!) - from;
  expect(howToDelay(before, deliveredAt.before)).toBeGreaterThanOrEqual(2 * 3_600_000);
  expect(howToDelay(before, deliveredAt.before)).toBeLessThan(3 * 3_600_000);
  expect(howToDelay(after, deliveredAt.after)).toBeGreaterThanOrEqual(DAY);
  expect(howToDelay(after, deliveredAt.after)).toBeLessThan(DAY + 3_600_000);
});

it('a product missing from the catalog still gets its journey, with generic copy', async () => {
  await orderFor('c-unknown', 'NOT-IN-CATALOG-7');
  await h.env.sleep(DAY);
  await delivered('c-unknown');
  await h.env.sleep(2 * DAY); // the edited journey above sends the how-to a day after delivery
  const mails = h.sink.mails.filter((m) => m.envelopeTo.includes('c-unknown@example.com'));
  expect(mails.map((m) => m.parsed.headers.get('x-afterglow-step'))).toEqual(['reassurance', 'how-to']);
  // The store's own line title stands in for the catalog name.
  expect(mails[1].parsed.text).toContain('Something');
  const { log } = await h.state('c-unknown');
  expect(log).toContainEqual(
    expect.objectContaining({
      kind: 'warning',
      detail: 'product NOT-IN-CATALOG-7 is not in the catalog: generic copy',
    }),
  );
});

it('support moves a customer from a mistaken version to the current one between messages, without resending', async () => {
  const fixed = fs.readFileSync(journeyFile, 'utf8');
  // The mistake: the how-to a month after delivery instead of a day.
  await edit(fixed.replace(/(- id: how-to[\s\S]*?after: )1d/, '$130d'));
  const mistaken = content().journeys[0].version;
  await orderFor('c-mistake');
  await h.env.sleep(DAY);
  await delivered('c-mistake');
  await h.env.sleep(2 * DAY);
  const steps = () =>
    h.sink.mails
      .filter((m) => m.envelopeTo.includes('c-mistake@example.com'))
      .map((m) => m.parsed.headers.get('x-afterglow-step'));
  expect(steps()).toEqual(['reassurance']);

  await edit(fixed);
  const current = content().journeys[0].version;
  const handle = h.env.client.workflow.getHandle(customerWorkflowId('default', 'c-mistake'));
  const input = { journeyId: 'post-purchase', fromVersion: mistaken, by: 'marketing:ana', reason: 'how-to delay typo' };
  const { done } = await handle.executeUpdate(migrateJourney, { args: [input] });
  expect(done).toMatch(new RegExp(`^migrated c-mistake-1/post-purchase: ${mistaken} -> ${current} `));

  await h.env.sleep(DAY);
  // Due a day after the delivery under the current version, so it goes out now; the reassurance is not sent again.
  expect(steps()).toEqual(['reassurance', 'how-to']);
  const state = await h.state('c-mistake');
  expect(state.runs.map((r) => r.version)).toEqual([current]);
  expect(state.supportActions).toContainEqual(
    expect.objectContaining({ action: 'migrate', by: 'marketing:ana', reason: 'how-to delay typo' }),
  );
  const again = await handle.executeUpdate(migrateJourney, { args: [input] }).then(
    () => 'accepted',
    (err) => (err instanceof WorkflowUpdateFailedError ? err.cause?.message : String(err)),
  );
  expect(again).toBe(`no running post-purchase run on version ${mistaken} (running: ${current})`);
});
