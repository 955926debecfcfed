import { DateTime } from 'luxon';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { dataConverterFor } from '../../codec/dataConverter';
import { parsePayloadKeys } from '../../codec/keyRing';
import { JourneyEvent } from '../../domain/events';
import { Order } from '../../domain/order';
import { localCodecPlan } from '../../scripts/start/localCodec';
import { messageStepOf } from '../../rules/journeyState';
import { actionableAt } from '../../rules/schedule';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { emailSearchHash } from '../../credentials/emailSearchHash';
import { freeLoopbackPort, launchChromium, screenshot } from '../helpers/browser';
import { TEST_EMAIL_HASH_SECRET } from '../helpers/testDependencies';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';

/**
 * What support sees in the Temporal Web UI, in a real browser: the dev server with its UI on loopback, a worker with
 * the real activities, an SMTP sink, and Debian's Chromium driven by playwright-core. Payloads are encrypted as
 * under `npm start`: the server stores ciphertext and the UI decodes through the API's codec endpoint, which trusts
 * the local UI's origin. Screenshots go to test-artifacts/web-ui-*.png.
 */
const TASK_QUEUE = 'web-ui';
const WAIT = 30_000;
const ZONE = 'Asia/Tokyo';
const workflowId = customerWorkflowId('default', 'c-ui');
/** VC-SERUM-30's name in the shipped catalog, as the details name products. */
const SERUM = 'Vitamin C Brightening Serum (30-day)';

let h: DevHarness | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let page: Page;
let ui: string;
let api: FastifyInstance | undefined;
const dataConverter = dataConverterFor(parsePayloadKeys(`ui1:${randomBytes(32).toString('base64')}`))!;

const order = (customerId: string, orderId: string, firstName: string) =>
  Order.parse({
    orderId,
    placedAt: new Date().toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: {
      id: customerId,
      email: `${customerId}.inbox@example.com`,
      firstName,
      timezone: ZONE,
      acceptsMarketing: true,
    },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
  });

/** Retries `check` (which throws while the page is not there yet) until it passes or `timeoutMs` is over. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = WAIT, between?: () => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await (between ? between() : new Promise((r) => setTimeout(r, 250)));
    }
  }
}

/** The rendered markdown of the User Metadata tab lives in iframes (the UI's /render page). */
const summaryFrame = (): FrameLocator => page.frameLocator('#user-metadata-summary');
const detailsFrame = (): FrameLocator => page.frameLocator('#user-metadata-current-details');
const frameText = (id: string): Promise<string> =>
  page.frameLocator(`#${id}`).locator('body').innerText({ timeout: WAIT });
const item = (frame: FrameLocator, text: string): Locator => frame.locator('li').filter({ hasText: text });
const visible = (locator: Locator, timeout = WAIT) => locator.first().waitFor({ state: 'visible', timeout });
/** One try of a check that reloads the page between tries (the whole retry loop stays within WAIT). */
const TRY = 3_000;

async function openTab(name: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

beforeAll(async () => {
  // The browser first: a machine without Chromium fails here, at once, saying how to install it.
  browser = await launchChromium();
  page = browser.page;
  const [uiPort, apiPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  ui = `http://127.0.0.1:${uiPort}`;
  // What npm start plans for a UI on this (non-default) port: its endpoint, both loopback origins trusted, no warning.
  const adminToken = randomBytes(32).toString('hex');
  const plan = localCodecPlan({
    env: { AFTERGLOW_PAYLOAD_KEYS: 'set', AFTERGLOW_ADMIN_TOKEN: adminToken },
    uiPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    apiOnLoopback: true,
  });
  expect(plan.warnings).toEqual([]);
  h = await startDevHarness(TASK_QUEUE, {
    server: { ip: '127.0.0.1', ui: true, uiPort, extraArgs: ['--ui-codec-endpoint', plan.uiCodecEndpoint!] },
    dataConverter,
  });
  api = await buildServer({
    gateway: temporalJourneyGateway(h.env.client, TASK_QUEUE),
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'error' },
    logger: false,
    // The browser opens the UI's 127.0.0.1 form; the localhost one is trusted too.
    codec: {
      codec: dataConverter.payloadCodecs![0],
      adminToken,
      uiOrigins: plan.env.AFTERGLOW_CODEC_UI_ORIGINS!.split(','),
      trustUiOrigins: plan.env.AFTERGLOW_CODEC_TRUST_UI === 'true',
    },
  });
  await api.listen({ port: apiPort, host: '127.0.0.1' });
  const gateway = temporalJourneyGateway(h.env.client, TASK_QUEUE);
  await gateway.placeOrder(order('c-ui', 'UI-1', 'Hanako'));
  // Someone else's journey, so the search has something to leave out.
  await gateway.placeOrder(order('c-other', 'UI-2', 'Taro'));
  // Both reassurance emails are in the sink: the journeys ran end to end before the browser looks at them.
  const mails = await h.sink.waitFor(2);
  expect(mails.map((m) => [m.envelopeTo.join(), m.parsed.headers.get('x-afterglow-step')]).sort()).toEqual([
    ['c-other.inbox@example.com', 'reassurance'],
    ['c-ui.inbox@example.com', 'reassurance'],
  ]);
});

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await api?.close();
    await h?.close();
  }
});

it('finds the customer by the address on the ticket: the EmailHash query `afterglow find` prints, in the query box', async () => {
  // What `afterglow find c-ui.inbox@example.com` prints to paste: the keyed hash, never the address.
  const byAddress = `EmailHash="${emailSearchHash(TEST_EMAIL_HASH_SECRET, ' C-UI.inbox@Example.com')}"`;
  await page.goto(`${ui}/namespaces/default/workflows`);
  await page.getByTestId('toggle-manual-query').click();
  const query = page.getByTestId('workflow-manual-search-input');
  await query.fill(byAddress);
  await page.getByTestId('workflow-manual-search-button').click();
  await page.waitForURL((url) => url.searchParams.get('query') === byAddress, { timeout: WAIT });
  // Visibility is eventually consistent: refresh until the journey is listed.
  await eventually(
    () => visible(page.getByRole('link', { name: workflowId, exact: true }), TRY),
    WAIT,
    () => page.reload(),
  );
  expect(await page.getByRole('link', { name: 'customer/default/c-other' }).count()).toBe(0);
  await expect(query.inputValue()).resolves.toBe(byAddress);
  await screenshot(page, 'web-ui-search', { docs: 'support-search' });
});

it('shows the summary line and the current details: the sentence, the next message, the sent one, no personal data', async () => {
  await page.getByRole('link', { name: workflowId, exact: true }).click();
  await page.waitForURL(/\/workflows\/customer%2Fdefault%2Fc-ui\//, { timeout: WAIT });
  await openTab('User Metadata');
  await visible(summaryFrame().getByText('Customer c-ui · store default'));
  await visible(
    detailsFrame().getByText(
      /^No message has a time yet: the next ones wait for the delivery of order UI-1 \(the journey goes on by itself .* UTC if none is reported\)\.$/,
    ),
  );
  await visible(item(detailsFrame(), `how-to (${SERUM}) · order UI-1`).filter({ hasText: 'waits for the delivery' }));
  await visible(
    item(detailsFrame(), 'reassurance · order UI-1').filter({ hasText: /<[0-9a-f]{32}@shop\.example\.com>/ }),
  );
  const details = await frameText('user-metadata-current-details');
  expect(details).toContain('Customer c-ui · store default · 1 order(s) · marketing: opted in on the order');
  for (const personal of ['Hanako', 'c-ui.inbox']) expect(details).not.toContain(personal);
  await screenshot(page, 'web-ui-details-awaiting-delivery');
});

it('after the delivery, shows when the how-to goes out in Asia/Tokyo, in the details and the timeline', async () => {
  await temporalJourneyGateway(h!.env.client, TASK_QUEUE).reportEvent(
    JourneyEvent.parse({
      type: 'order.delivered',
      customerId: 'c-ui',
      orderId: 'UI-1',
      occurredAt: new Date().toISOString(),
    }),
  );
  // When the workflow itself says the how-to is due, from its journeyState query.
  const handle = h!.env.client.workflow.getHandle(workflowId);
  const dueMs = await eventually(async () => {
    const state = await handle.query(journeyState);
    const run = state.runs.find((r) => r.orderId === 'UI-1')!;
    const howTo = run.messages.find((m) => messageStepOf(run, m.stepIndex).id === 'how-to');
    const at = howTo && actionableAt(run, howTo);
    if (at === undefined) throw new Error('the how-to has no due time yet');
    return at;
  });
  const local = `${DateTime.fromMillis(dueMs, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')} ${ZONE}`;
  const utc = DateTime.fromMillis(dueMs, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm');

  // The details are fetched when the page loads: reload until the delivery shows.
  await page.reload();
  await eventually(
    () =>
      visible(
        detailsFrame().getByText(`The next message is how-to (${SERUM}) for order UI-1, ${local} (${utc} UTC)`),
        TRY,
      ),
    WAIT,
    () => page.reload(),
  );
  const details = await frameText('user-metadata-current-details');
  expect(details).not.toContain('waits for the delivery');
  // A delivered first order gets no delivery check: the details say so instead of listing it as coming.
  expect(details).toMatch(/delivery-check \(.*\) will be skipped/);
  await screenshot(page, 'web-ui-details', { docs: 'support-workflow' });

  await openTab('Timeline');
  await visible(page.getByText(`how-to VC-SERUM-30 for order UI-1, due ${local}`));
  await visible(page.getByText('reassurance · en · service · order UI-1'));
  await screenshot(page, 'web-ui-timeline', { docs: 'support-timeline' });
});

it('decodes the orderPlaced signal: the order with the first name Hanako', async () => {
  await openTab('Event History');
  const signal = page
    .locator('tr[data-testid="event-summary-row"]')
    .filter({ hasText: 'Workflow Execution Signaled' })
    .filter({ hasText: 'orderPlaced' });
  await signal.click();
  // The workflow's own input (ids only) is at the top of the page; the signal's input is in the expanded event.
  const input = page.getByRole('textbox', { name: 'Input' }).filter({ hasText: '"lineItems"' });
  await eventually(async () => {
    const text = await input.first().innerText({ timeout: WAIT });
    expect(text).toMatch(/"firstName":\s*"Hanako"/);
    expect(text).toMatch(/"orderId":\s*"UI-1"/);
    expect(text).toMatch(/"sku":\s*"VC-SERUM-30"/);
  });
  await screenshot(page, 'web-ui-order-signal', { element: page.locator('tr').filter({ has: input }).last() });
});

it('answers the journeyState query from the Queries tab', async () => {
  await openTab('Queries');
  await page.getByRole('button', { name: 'Run Query' }).click();
  const answer = page.getByRole('textbox').filter({ hasText: '"runs"' });
  await visible(answer);
  const text = await answer.first().innerText();
  expect(text).toMatch(/"customerId":\s*"c-ui"/);
  expect(text).toMatch(/"firstName":\s*"Hanako"/);
  expect(text).toMatch(/"orderId":\s*"UI-1"/);
  await screenshot(page, 'web-ui-journey-state');
});

/** More Actions → Send an Update, with `data` as the JSON input; returns the dialog (closed once accepted). */
async function sendUpdate(name: string, data: object): Promise<Locator> {
  await page.getByRole('button', { name: /More Actions/ }).click();
  await page.getByRole('menuitem', { name: 'Send an Update' }).filter({ visible: true }).first().click();
  const dialog = page.getByRole('dialog').filter({ hasText: 'Send an Update' }).filter({ visible: true });
  await dialog.locator('[aria-haspopup]').first().click();
  await dialog.getByRole('option', { name, exact: true }).click();
  await dialog.getByRole('textbox').last().click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(JSON.stringify(data));
  // The UI takes the data when its editor loses focus; a Submit while it has focus only does that.
  await page.keyboard.press('Tab');
  await dialog.getByRole('button', { name: 'Submit' }).click();
  return dialog;
}

it('pauses for 30 days with Send an Update: the sentence says until when, the timeline who and why; a second pause reads its refusal', async () => {
  const pause = { by: 'support-test', reason: 'customer travelling for a month', for: '30d' };
  const dialog = await sendUpdate('pauseJourney', pause);
  await dialog.waitFor({ state: 'hidden', timeout: WAIT });

  await page.reload();
  await openTab('User Metadata');
  await eventually(
    () =>
      visible(
        detailsFrame().getByText(
          /^Paused by support since \d{4}-\d\d-\d\d \d\d:\d\d UTC, resumes by itself \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
        ),
        TRY,
      ),
    WAIT,
    () => page.reload(),
  );
  await screenshot(page, 'web-ui-details-paused');

  // The timeline: the pause's own timer says until when; the update, opened, shows who and why (decoded).
  await openTab('Timeline');
  await visible(page.getByText(/^paused by support until \d{4}-\d\d-\d\dT.*, then resumes by itself$/));
  await page.getByText('pauseJourney', { exact: true }).filter({ visible: true }).first().click();
  await visible(page.getByText(/"by": "support-test"/).filter({ visible: true }));
  await visible(page.getByText(/"reason": "customer travelling for a month"/).filter({ visible: true }));
  await screenshot(page, 'web-ui-update-timeline', { docs: 'support-update-timeline' });

  // The workflow's validator refuses a second pause; its reason holds ids and times only and is shown as written.
  const again = await sendUpdate('pauseJourney', pause);
  await visible(again.getByText(/already paused since .* UTC until .* UTC: resume first to change it/));
  expect(await again.getByText('Encoded failure').count()).toBe(0);
  await screenshot(page, 'web-ui-update-rejected', { docs: 'support-update-rejected' });
  await again.getByRole('button', { name: 'Cancel', exact: true }).first().click();

  await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent('JourneyStage="paused"')}`);
  await eventually(
    () => visible(page.getByRole('link', { name: workflowId, exact: true }), TRY),
    WAIT,
    () => page.reload(),
  );
  expect(await page.getByRole('link', { name: 'customer/default/c-other' }).count()).toBe(0);
  await screenshot(page, 'web-ui-search-paused');
});
