import { WorkflowNotFoundError } from '@temporalio/client';
import { signToken } from '../../links/signedToken';
import type { CustomerState } from '../../rules/journeyState';
import { MarketingStatus } from '../../client/searchAttributes';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { type CapturedLogs, captureLogs, expectNoPersonalData, personalDataOf } from '../helpers/logCapture';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import { fixtureContent } from '../helpers/fixtureContent';

/** The whole path on real parts: HTTP API → Temporal dev server → worker → SMTP server on loopback. */
let h: DevHarness;
let env: DevHarness['env'];
let sink: DevHarness['sink'];
let deps: DevHarness['deps'];
let api: TestApi;
let baseUrl: string;
let logs: CapturedLogs;

beforeAll(async () => {
  logs = captureLogs();
  h = await startDevHarness('e2e');
  ({ env, sink, deps } = h);
  api = await startTestApi(env.client, deps.stores, 'e2e', {
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'debug' },
    logger: logs.api,
  });
  baseUrl = api.baseUrl;
});

afterAll(async () => {
  await api?.close();
  await h?.close();
});

const customer = {
  id: 'c-e2e',
  email: 'hanako@example.com',
  firstName: '花子',
  lastName: '山田',
  locale: 'ja-JP',
  acceptsMarketing: true,
};

const post = (route: string, body: unknown) => api.post(route, body);
const marketingVerdict = (customerId: string) =>
  deps.stores.optOuts.reasonNotToSend({
    storeId: 'default',
    customerId,
    email: 'hanako@example.com',
    category: 'marketing',
    at: new Date(),
  });

it('an order posted to the API becomes a reassurance email, and a delivery becomes the how-to email', async () => {
  const placedAt = new Date().toISOString();
  const orderResponse = await post('/v1/orders', {
    orderId: 'e2e-1001',
    placedAt,
    currency: 'JPY',
    total: '6800',
    customer: { ...customer, timezone: zoneInsideSendWindow() },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'ビタミンC美容液', quantity: 1, unitPrice: '6800' }],
  });
  expect(orderResponse.status).toBe(202);
  expect(await orderResponse.json()).toEqual({ workflowId: 'customer/default/c-e2e' });

  const [reassurance] = await sink.waitFor(1);
  expect(reassurance.envelopeTo).toEqual(['hanako@example.com']);
  expect(reassurance.parsed.headers.get('x-afterglow-step')).toBe('reassurance');
  expect(reassurance.parsed.from?.value).toEqual([{ name: 'Afterglow Demo Store', address: 'hello@shop.example.com' }]);
  expect(reassurance.parsed.subject).toMatch(/[ぁ-んァ-ン一-龯]/); // the Japanese template
  expect(reassurance.parsed.messageId).toMatch(/^<[0-9a-f]{32}@shop\.example\.com>$/);
  // The catalog's Japanese copy, not the store's line title.
  const productName = fixtureContent().products.get('VC-SERUM-30')!.name.ja!;
  expect(reassurance.parsed.html).toContain(productName);
  expect(reassurance.parsed.html).toContain('山田');
  expect(reassurance.parsed.text).toContain(productName);
  expect(reassurance.parsed.html).toMatch(/<html/i);

  // Delivered: the how-to is due two hours after the delivery; report it as delivered two hours ago.
  const deliveredAt = new Date(Date.now() - 2 * 3_600_000 - 1_000).toISOString();
  const eventResponse = await post('/v1/events', {
    type: 'order.delivered',
    customerId: 'c-e2e',
    orderId: 'e2e-1001',
    occurredAt: deliveredAt,
  });
  expect(eventResponse.status).toBe(202);
  const mails = await sink.waitFor(2);
  const howTo = mails[1];
  expect(howTo.parsed.headers.get('x-afterglow-step')).toBe('how-to');
  expect(howTo.parsed.subject).toBeTruthy();
  expect(howTo.parsed.text?.length).toBeGreaterThan(50);
  expect(howTo.parsed.messageId).not.toBe(reassurance.parsed.messageId);
});

it('an event for a customer without a journey is a 404 and starts nothing', async () => {
  const response = await post('/v1/events', {
    type: 'order.delivered',
    customerId: 'nobody',
    orderId: 'x',
    occurredAt: new Date().toISOString(),
  });
  expect(response.status).toBe(404);
  // Asked by id, not through the search index: the index lags, so an empty listing would pass while it is stale.
  await expect(env.client.workflow.getHandle(customerWorkflowId('default', 'nobody')).describe()).rejects.toThrow(
    WorkflowNotFoundError,
  );
});

it('a one-click unsubscribe is stored first, then reaches the running journey', async () => {
  const token = signToken({ storeId: 'default', customerId: 'c-e2e' }, [TEST_LINK_SECRET]);
  const response = await fetch(`${baseUrl}/u/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await marketingVerdict('c-e2e')).toBe('unsubscribed from marketing');
  const handle = env.client.workflow.getHandle(customerWorkflowId('default', 'c-e2e'));
  let state: CustomerState | undefined;
  for (let i = 0; i < 50 && state?.marketing?.status !== 'unsubscribed'; i++) {
    state = await handle.query(journeyState);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(state?.marketing).toMatchObject({ status: 'unsubscribed', source: 'one-click' });
});

it("a store-reported opt-in dated before the customer's unsubscribe does not lift it; a later one does; bad bodies record nothing", async () => {
  const bad = await post('/v1/consent', { customerId: 'c-e2e', marketing: 'maybe', occurredAt: 'yesterday' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
    'marketing',
    'occurredAt',
  ]);
  const stale = await post('/v1/consent', {
    customerId: 'c-e2e',
    marketing: 'subscribed',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
  });
  expect(stale.status).toBe(202);
  expect(await marketingVerdict('c-e2e')).toBe('unsubscribed from marketing');
  const future = await post('/v1/consent', {
    customerId: 'c-e2e',
    marketing: 'subscribed',
    occurredAt: '2999-01-01T00:00:00Z',
  });
  expect(future.status).toBe(400);
  expect(((await future.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['occurredAt']);
  expect(await marketingVerdict('c-e2e')).toBe('unsubscribed from marketing');
  const ok = await post('/v1/consent', {
    customerId: 'c-e2e',
    marketing: 'subscribed',
    occurredAt: new Date(Date.now() + 1_000).toISOString(),
  });
  expect(ok.status).toBe(202);
  expect(await marketingVerdict('c-e2e')).toBeUndefined();
});

it('a customer who unsubscribed before their first order shows as unsubscribed once the journey starts', async () => {
  const token = signToken({ storeId: 'default', customerId: 'c-early' }, [TEST_LINK_SECRET]);
  const click = await fetch(`${baseUrl}/u/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(click.status).toBe(200);
  const order = await post('/v1/orders', {
    orderId: 'e2e-early-1',
    placedAt: new Date().toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: { id: 'c-early', email: 'early@example.com', timezone: zoneInsideSendWindow(), acceptsMarketing: true },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
  });
  expect(order.status).toBe(202);
  const handle = env.client.workflow.getHandle(customerWorkflowId('default', 'c-early'));
  // The journey's search attributes are set once it has planned the order and sent what was due.
  let status: string | undefined;
  for (let i = 0; i < 100 && status === undefined; i++) {
    status = (await handle.describe()).typedSearchAttributes.get(MarketingStatus);
    if (status === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe('unsubscribed');
  expect((await handle.query(journeyState)).marketing).toMatchObject({ status: 'unsubscribed', source: 'one-click' });
});

it('no line the API or the worker logged names the customer', () => {
  expectNoPersonalData(logs.lines, personalDataOf({ customer }));
});
