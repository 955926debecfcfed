import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { consentRecorder } from '../../client/consentRecorder';
import { preferenceService } from '../../client/preferenceService';
import { loadContent } from '../../definitions/content';
import { signToken } from '../../links/signedToken';
import type { CustomerState } from '../../rules/journeyState';
import { customerWorkflowId, journeyState } from '../../workflows/messages';
import { REPO_ROOT } from '../support/journeyHarness';
import { type DevHarness, startDevHarness } from '../support/devServerHarness';
import { TEST_LINK_SECRET } from '../support/testDependencies';
import { zoneInsideSendWindow } from '../support/sendWindowZone';

/** The whole path on real parts: HTTP API → Temporal dev server → worker → SMTP server on loopback. */
let h: DevHarness;
let env: DevHarness['env'];
let sink: DevHarness['sink'];
let deps: DevHarness['deps'];
let api: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  h = await startDevHarness('e2e');
  ({ env, sink, deps } = h);
  const recordConsent = consentRecorder(env.client, deps.stores.consent);
  api = await buildServer({
    gateway: temporalJourneyGateway(env.client, 'e2e'),
    preferences: preferenceService(recordConsent),
    recordConsent,
    linkSecrets: [TEST_LINK_SECRET],
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'error' },
    logger: false,
  });
  baseUrl = await api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
  await h?.close();
});

const post = (route: string, body: unknown) =>
  fetch(`${baseUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('an order posted to the API becomes a reassurance email, and a delivery becomes the how-to email', async () => {
  const placedAt = new Date().toISOString();
  const orderResponse = await post('/v1/orders', {
    orderId: 'e2e-1001',
    placedAt,
    currency: 'JPY',
    total: '6800',
    customer: { id: 'c-e2e', email: 'hanako@example.com', firstName: '花子', lastName: '山田', locale: 'ja-JP', timezone: zoneInsideSendWindow(), acceptsMarketing: true },
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
  const productName = loadContent(REPO_ROOT).products.get('VC-SERUM-30')!.name.ja!;
  expect(reassurance.parsed.html).toContain(productName);
  expect(reassurance.parsed.html).toContain('山田');
  expect(reassurance.parsed.text).toContain(productName);
  expect(reassurance.parsed.html).toMatch(/<html/i);

  // Delivered: the how-to is due two hours after the delivery; report it as delivered two hours ago.
  const deliveredAt = new Date(Date.now() - 2 * 3_600_000 - 1_000).toISOString();
  const eventResponse = await post('/v1/events', { type: 'order.delivered', customerId: 'c-e2e', orderId: 'e2e-1001', occurredAt: deliveredAt });
  expect(eventResponse.status).toBe(202);
  const mails = await sink.waitFor(2);
  const howTo = mails[1];
  expect(howTo.parsed.headers.get('x-afterglow-step')).toBe('how-to');
  expect(howTo.parsed.subject).toBeTruthy();
  expect(howTo.parsed.text?.length).toBeGreaterThan(50);
  expect(howTo.parsed.messageId).not.toBe(reassurance.parsed.messageId);
});

it('an event for a customer without a journey is a 404 and starts nothing', async () => {
  const response = await post('/v1/events', { type: 'order.delivered', customerId: 'nobody', orderId: 'x', occurredAt: new Date().toISOString() });
  expect(response.status).toBe(404);
  const list = env.client.workflow.list({ query: `WorkflowId = 'customer/default/nobody'` });
  for await (const wf of list) throw new Error(`unexpected workflow ${wf.workflowId}`);
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
  expect(await deps.stores.consent.marketingBlocked('default', 'c-e2e', new Date())).toEqual({ blocked: true, reason: 'unsubscribed from marketing' });
  const handle = env.client.workflow.getHandle(customerWorkflowId('default', 'c-e2e'));
  let state: CustomerState | undefined;
  for (let i = 0; i < 50 && state?.marketing?.status !== 'unsubscribed'; i++) {
    state = await handle.query(journeyState);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(state?.marketing).toMatchObject({ status: 'unsubscribed', source: 'one-click' });
});

it('a store-reported opt-in after the unsubscribe lifts it; bad consent bodies are 400 and record nothing', async () => {
  const bad = await post('/v1/consent', { customerId: 'c-e2e', marketing: 'maybe', occurredAt: 'yesterday' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['marketing', 'occurredAt']);
  const ok = await post('/v1/consent', { customerId: 'c-e2e', marketing: 'subscribed', occurredAt: new Date(Date.now() + 1_000).toISOString() });
  expect(ok.status).toBe(202);
  expect(await deps.stores.consent.marketingBlocked('default', 'c-e2e', new Date())).toEqual({ blocked: false });
});
