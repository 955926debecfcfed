import { inHoldout } from '../../measurement/holdout';
import type { JourneyReport } from '../../measurement/reports/journeyReport';
import { fastContent } from '../../scripts/recordHistories/fastContent';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import { waitUntil } from '../helpers/faultProcesses';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/**
 * Issue #12 end to end on the real dev server: an order through the API, the worker's real email with its tracked
 * links, a person's click on one of them (through the API's redirect), a reorder through the API; the report credits
 * that reorder and its revenue to the step whose email was clicked, and records the journey entry as treated.
 */
const content = fastContent(FIXTURE_CONTENT_DIR, (definition) => definition);
const TASK_QUEUE = 'measure-e2e';
const ADMIN = 'm'.repeat(40);
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

let h: DevHarness;
let api: TestApi;
beforeAll(async () => {
  h = await startDevHarness(TASK_QUEUE, { content: () => content });
  api = await startTestApi(h.env.client, h.deps.stores, TASK_QUEUE, {
    reports: { db: h.deps.stores.db, adminToken: ADMIN },
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const order = (customerId: string, orderId: string) => ({
  orderId,
  placedAt: new Date().toISOString(),
  currency: 'USD',
  total: '58.00',
  customer: {
    id: customerId,
    email: `${customerId}@example.com`,
    firstName: 'Ada',
    timezone: zoneInsideSendWindow(),
    acceptsMarketing: true,
  },
  lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
});

test('a click on a link of the real email, then a reorder: the report credits the order and its revenue to that step', async () => {
  // A customer the default 10% holdout treats (the assignment is a stable hash, so the first such id is always the same).
  const customerId = Array.from({ length: 50 }, (_, i) => `measured-${i}`).find(
    (id) => !inHoldout('default', id, 'post-purchase', 0.1),
  )!;
  expect((await api.post('/v1/orders', order(customerId, `${customerId}-1`))).status).toBe(202);

  const mail = await waitUntil(
    'the reassurance email',
    async () =>
      h.sink.mails.find(
        (m) =>
          m.envelopeTo.includes(`${customerId}@example.com`) &&
          m.parsed.headers.get('x-afterglow-step') === 'reassurance',
      ),
    30_000,
  );
  const tracked = [...(mail.parsed.html as string).matchAll(/href="([^"]+\/c\/[^"]+)"/g)].map((m) => m[1]);
  expect(tracked.length).toBeGreaterThan(0);
  // Untracked originals never appear in the email: every web link goes through the redirect.
  expect(mail.parsed.html as string).not.toMatch(/href="https:\/\/(?![^"]*\/c\/)(?![^"]*\/u\/)(?![^"]*\/a\/)[^"]+"/);

  // A person reads before clicking; a click within seconds of the send would be taken for a mail scanner's.
  await new Promise((r) => setTimeout(r, 11_000));
  const click = await fetch(`${api.baseUrl}${new URL(tracked[0]).pathname}`, {
    redirect: 'manual',
    headers: { 'user-agent': BROWSER },
  });
  expect(click.status).toBe(302);
  expect(click.headers.get('location')).toMatch(/^https:\/\//);

  expect((await api.post('/v1/orders', order(customerId, `${customerId}-2`))).status).toBe(202);

  const report = await waitUntil(
    'the report crediting the reorder',
    async () => {
      const res = await fetch(`${api.baseUrl}/v1/reports/journeys/post-purchase?storeId=default`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      const body = (await res.json()) as JourneyReport;
      return body.steps.some((s) => s.attributedOrders > 0) && body;
    },
    30_000,
  );
  expect(report.steps.find((s) => s.stepId === 'reassurance')).toMatchObject({
    clicks: 1,
    machineClicks: 0,
    attributedOrders: 1,
    attributedRevenue: 58,
  });
  expect(report.holdout.treatedCustomers).toBe(1);
  expect(report.holdout.heldOutCustomers).toBe(0);
}, 90_000);
