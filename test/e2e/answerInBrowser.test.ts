import type { JourneyDefinition } from '../../definitions/journeySchema';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { Order } from '../../domain/order';
import { fastContent } from '../../scripts/recordHistories/fastContent';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { launchChromium, screenshot } from '../helpers/browser';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/**
 * Issue #11 end to end on the real dev server: the feedback email's 2-star link, taken from the real email in the
 * SMTP sink, opened in Chromium, confirmed with a comment; the support alert arrives and the upsell leaves the
 * journey. Opening the link (a person or a mail scanner) records nothing. Waits run in recorded time (a journey day
 * lasts 5 s); the feedback and upsell are moved close to the delivery so the test takes seconds.
 */
const soon = (definition: JourneyDefinition): JourneyDefinition => ({
  ...definition,
  steps: definition.steps.map((step) =>
    'template' in step && step.id === 'feedback'
      ? { ...step, at: { ...step.at, after: '1h' } }
      : 'template' in step && step.id === 'upsell'
        ? { ...step, at: { ...step.at, after: '3d' } }
        : step,
  ),
});
const content = fastContent(FIXTURE_CONTENT_DIR, soon);
const TASK_QUEUE = 'answer-e2e';

let h: DevHarness;
let api: TestApi;
beforeAll(async () => {
  h = await startDevHarness(TASK_QUEUE, { content: () => content });
  api = await startTestApi(h.env.client, h.deps.stores, TASK_QUEUE);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const stateOf = (customerId: string) =>
  h.env.client.workflow.getHandle(customerWorkflowId('default', customerId)).query(journeyState);
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An order delivered at once; resolves with the 2-star link of its feedback email, pointed at the test API. */
async function feedbackLink(customerId: string): Promise<string> {
  const order = Order.parse({
    orderId: `${customerId}-1`,
    placedAt: new Date().toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: {
      id: customerId,
      email: `${customerId}@example.com`,
      firstName: 'Grace',
      timezone: zoneInsideSendWindow(),
      acceptsMarketing: true,
    },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
  });
  const gateway = temporalJourneyGateway(h.env.client, TASK_QUEUE);
  await gateway.placeOrder(order);
  await gateway.reportEvent({
    type: 'order.delivered',
    storeId: 'default',
    customerId,
    orderId: order.orderId,
    occurredAt: new Date().toISOString(),
  });
  const mail = await until('the feedback email', async () =>
    h.sink.mails.find(
      (m) =>
        m.envelopeTo.includes(`${customerId}@example.com`) && m.parsed.headers.get('x-afterglow-step') === 'feedback',
    ),
  );
  const links = [...(mail.parsed.html as string).matchAll(/href="([^"]+\/a\/[^"]+)"/g)].map((m) => m[1]);
  expect(links).toHaveLength(5); // 1-5 for the one product
  // The email links to PUBLIC_URL; the API under test listens on its own port.
  const url = new URL(links[1]);
  return `${api.baseUrl}${url.pathname}`;
}

it('a 2-star rating confirmed in Chromium with a comment alerts support and takes the upsell out of the journey', async () => {
  const link = await feedbackLink('c-two');
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.goto(link);
    expect(await page.locator('#choice-2').isChecked()).toBe(true);
    expect(await h.deps.stores.answers.list({ storeId: 'default', includeTests: true })).toEqual([]);
    await page.fill('#comment', 'It stung my skin on the second day.');
    await screenshot(page, 'answer-page-two-stars');
    await Promise.all([page.waitForLoadState('load'), page.locator('button[type=submit]').click()]);
    await page.waitForURL(link);
    expect(await page.locator('h1').innerText()).not.toBe('');
  } finally {
    await browser.close();
  }

  const [stored] = await h.deps.stores.answers.list({ storeId: 'default' });
  expect(stored).toMatchObject({
    customerId: 'c-two',
    choice: '2',
    rating: 2,
    comment: 'It stung my skin on the second day.',
    test: false,
  });
  const alert = await until('the support alert', async () =>
    h.sink.mails.find((m) => m.parsed.headers.get('x-afterglow-alert') === 'answer'),
  );
  expect(alert.envelopeTo).toEqual(['support@shop.example.com']);
  expect(alert.parsed.subject).toContain('Customer c-two rated 2/5');
  expect(alert.parsed.text).toContain('> It stung my skin on the second day.');
  expect(alert.parsed.replyTo?.text).toBe('c-two@example.com');

  const state = await until('the upsell to fall due and be held back', async () => {
    const s = await stateOf('c-two');
    const upsell = s.runs.flatMap((r) => r.messages).find((m) => m.stepId === 'upsell');
    return upsell?.status !== 'pending' && s;
  });
  const messages = state.runs.flatMap((r) => r.messages);
  expect(messages.find((m) => m.stepId === 'upsell')).toMatchObject({
    status: 'skipped',
    reason: 'held back: the customer rated 2/5 (VC-SERUM-30)',
  });
  expect(messages.find((m) => m.stepId === 'sorry')).toMatchObject({ status: 'sent' });
  expect(
    h.sink.mails.some(
      (m) => m.envelopeTo.includes('c-two@example.com') && m.parsed.headers.get('x-afterglow-step') === 'upsell',
    ),
  ).toBe(false);
}, 120_000);

it('opening the link, in a browser or as a mail scanner does, records nothing', async () => {
  const link = await feedbackLink('c-scan');
  const scanned = await fetch(link);
  expect(scanned.status).toBe(200);
  await fetch(link, { method: 'HEAD' });
  const browser = await launchChromium();
  try {
    await browser.page.goto(link);
    expect(await browser.page.locator('#choice-2').isChecked()).toBe(true);
  } finally {
    await browser.close();
  }
  const answers = await h.deps.stores.answers.list({ storeId: 'default', includeTests: true });
  expect(answers.filter((a) => a.customerId === 'c-scan')).toEqual([]);
  expect((await stateOf('c-scan')).answers ?? []).toEqual([]);
}, 120_000);
