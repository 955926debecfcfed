import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { CONTENT_FOLDERS } from '../../definitions/contentSets';
import { readContentStatus } from '../../definitions/contentStatus';
import { type LiveContent, watchLiveContent } from '../../definitions/liveContent';
import { Order } from '../../domain/order';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { migrateJourney } from '../../workflows/supportUpdates';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/**
 * A marketer edits a copy of the content under a running worker (dev server, SMTP sink): an order, a broken edit,
 * another order, a fix, a third order. The broken edit is refused and said once; the order after it is pinned to
 * the last valid set; the fix is adopted and the third order gets it; earlier customers keep their templates.
 */
const TASK_QUEUE = 'live-edits';
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-live-edits-'));
for (const folder of CONTENT_FOLDERS)
  fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(contentDir, folder), { recursive: true });
const dataDir = path.join(contentDir, 'data');
const errorLines: string[] = [];
let live: LiveContent;
let h: DevHarness;
let gateway: ReturnType<typeof temporalJourneyGateway>;

beforeAll(async () => {
  live = await watchLiveContent({
    contentDir,
    dataDir,
    log: (level, line) => level === 'error' && errorLines.push(line),
  });
  h = await startDevHarness(TASK_QUEUE, { content: live.current, dataDir });
  gateway = temporalJourneyGateway(h.env.client, TASK_QUEUE);
}, 60_000);
afterAll(async () => {
  await h?.close();
  live?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

const timezone = zoneInsideSendWindow();
const emailOf = (customerId: string) => `${customerId}@example.com`;

function edit(relative: string, from: string | RegExp, to: string): void {
  const file = path.join(contentDir, relative);
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  fs.writeFileSync(file, edited);
}

/** The message `stepId` sent to the customer, once it arrived at the sink. */
async function mailTo(customerId: string, stepId: string) {
  for (let i = 0; i < 300; i++) {
    const mail = h.sink.mails.find(
      (m) => m.envelopeTo.includes(emailOf(customerId)) && m.parsed.headers.get('x-afterglow-step') === stepId,
    );
    if (mail) return mail.parsed;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${stepId} email to ${customerId}`);
}

/** Places a first order; returns the post-purchase run's pins and its reassurance email. */
async function order(customerId: string) {
  await gateway.placeOrder(
    Order.parse({
      orderId: `${customerId}-1`,
      placedAt: new Date().toISOString(),
      currency: 'USD',
      total: '48.00',
      customer: {
        id: customerId,
        email: emailOf(customerId),
        firstName: 'Alex',
        locale: 'en-US',
        timezone,
        acceptsMarketing: true,
      },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '48.00' }],
    }),
  );
  const reassurance = await mailTo(customerId, 'reassurance');
  const state = await h.env.client.workflow.getHandle(customerWorkflowId('default', customerId)).query(journeyState);
  const run = state.runs.find((r) => r.journeyId === 'post-purchase')!;
  return { version: run.version, contentSet: run.contentSet, reassurance };
}

/** Delivered two hours ago: the how-to is due now. */
async function delivered(customerId: string) {
  const occurredAt = new Date(Date.now() - 2 * 3_600_000 - 1_000).toISOString();
  await gateway.reportEvent({
    type: 'order.delivered',
    storeId: 'default',
    customerId,
    orderId: `${customerId}-1`,
    occurredAt,
  });
  return mailTo(customerId, 'how-to');
}

/** Refused, reported once in the log and in the status file, and the adopted set unchanged. */
async function expectRefused(adoptedSet: string | undefined, pattern: RegExp) {
  const logged = errorLines.length;
  await live.check();
  await live.check(); // the same refusal twice is said once
  expect(errorLines.length).toBe(logged + 1);
  expect(errorLines.at(-1)).toMatch(pattern);
  expect(live.current().contentSet).toBe(adoptedSet);
  const status = readContentStatus(dataDir)!;
  expect(status.adopted.contentSet).toBe(adoptedSet);
  expect(status.refused?.errors.join('\n')).toMatch(pattern);
  return status.refused!.errors;
}

async function expectAdopted() {
  await live.check();
  expect(readContentStatus(dataDir)?.refused).toBeUndefined();
  return live.current().contentSet;
}

/** What the closing note of issue 19 reports: each order's pins and what each edit reported. */
const report: string[] = [];
afterAll(() => console.log(`live edits:\n${report.join('\n')}`));

it('a journey naming a template that does not exist is refused; the next customer is pinned to the last valid version', async () => {
  const first = await order('c-journey-1');
  edit('journeys/post-purchase.yaml', 'template: cross-sell', 'template: cross-sel');
  const errors = await expectRefused(
    first.contentSet,
    /post-purchase\.yaml:\d+: steps\[cross-sell\]\.template: no template "cross-sel"/,
  );

  const second = await order('c-journey-2');
  expect([second.version, second.contentSet]).toEqual([first.version, first.contentSet]);

  // The fix, with a change of its own (a new description): a new version.
  edit('journeys/post-purchase.yaml', 'template: cross-sel', 'template: cross-sell');
  edit('journeys/post-purchase.yaml', 'description: Reassure,', 'description: First reassure,');
  const fixedSet = await expectAdopted();
  const third = await order('c-journey-3');
  expect(third.contentSet).toBe(fixedSet);
  expect(third.version).not.toBe(first.version);
  report.push(
    `journey edit: orders pinned to ${first.version}/${first.contentSet}, ${second.version}/${second.contentSet}, ${third.version}/${third.contentSet}; refusal: ${errors.join(' | ')}`,
  );
});

it('a template that no longer compiles is refused; customers already in the journey keep their templates after the fix unless migrated', async () => {
  const first = await order('c-template-1');
  edit('templates/messages/reassurance/en.mjml', '<mj-column>', '<mj-colum>');
  const errors = await expectRefused(
    first.contentSet,
    /templates\/messages\/reassurance\/en\.mjml:\d+: MJML: Element mj-colum doesn't exist/,
  );

  const second = await order('c-template-2');
  expect([second.version, second.contentSet]).toEqual([first.version, first.contentSet]);
  expect(second.reassurance.subject).toBe(first.reassurance.subject);

  // The fix, with new subjects for the reassurance and the how-to.
  edit('templates/messages/reassurance/en.mjml', '<mj-colum>', '<mj-column>');
  edit(
    'templates/messages/reassurance/en.mjml',
    /^subject: .*$/m,
    "subject: 'Your order is in: here is what to expect'",
  );
  edit('templates/messages/how-to/en.mjml', /^subject: .*$/m, "subject: 'The new how-to'");
  const fixedSet = await expectAdopted();
  const third = await order('c-template-3');
  expect(third.contentSet).toBe(fixedSet);
  expect(third.version).not.toBe(first.version);
  expect(third.reassurance.subject).toBe('Your order is in: here is what to expect');

  // The first customer's how-to, due after the fix, still renders from the set they started with.
  expect((await delivered('c-template-1')).subject).toMatch(/^How to get the most from your /);
  expect((await delivered('c-template-3')).subject).toBe('The new how-to');
  // Rolled out on purpose to the second customer: migrated to the current version, they render from the new set.
  const migration = {
    journeyId: 'post-purchase',
    fromVersion: first.version,
    by: 'marketing:ana',
    reason: 'new how-to subject',
  };
  const { done } = await h.env.client.workflow
    .getHandle(customerWorkflowId('default', 'c-template-2'))
    .executeUpdate(migrateJourney, { args: [migration] });
  expect(done).toContain(`${first.version} -> ${third.version}`);
  expect((await delivered('c-template-2')).subject).toBe('The new how-to');
  report.push(
    `template edit: orders pinned to ${first.version}/${first.contentSet}, ${second.version}/${second.contentSet}, ${third.version}/${third.contentSet}; refusal: ${errors.join(' | ')}`,
  );
});

it('a catalog entry renamed under the cross-sells that name it is refused; the fixed catalog reaches the next customer', async () => {
  const first = await order('c-catalog-1');
  edit('catalog/products.yaml', '- sku: GENTLE-CLEANSER', '- sku: CLEANSER-GENTLE');
  const errors = await expectRefused(first.contentSet, /catalog\/products\.yaml:\d+: .*GENTLE-CLEANSER/);

  const second = await order('c-catalog-2');
  expect([second.version, second.contentSet]).toEqual([first.version, first.contentSet]);

  edit('catalog/products.yaml', '- sku: CLEANSER-GENTLE', '- sku: GENTLE-CLEANSER');
  edit('catalog/products.yaml', 'en: Vitamin C Brightening Serum (30-day)', 'en: Vitamin C Glow Serum (30-day)');
  const fixedSet = await expectAdopted();
  const third = await order('c-catalog-3');
  expect(third.contentSet).toBe(fixedSet);
  expect(third.reassurance.html).toContain('Vitamin C Glow Serum');
  expect(second.reassurance.html).toContain('Vitamin C Brightening Serum');
  report.push(
    `catalog edit: orders pinned to ${first.version}/${first.contentSet}, ${second.version}/${second.contentSet}, ${third.version}/${third.contentSet}; refusal: ${errors.join(' | ')}`,
  );
});
