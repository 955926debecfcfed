import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { TemporalUnavailableError } from '../../client/temporalUnavailable';
import { signClickToken } from '../../links/clickToken';
import type { OutcomeFact } from '../../measurement/messageFacts';
import { apiMetrics, type ApiMetrics } from '../../metrics/apiMetrics';
import { cachedEmailCounts, EMAIL_COUNTS_TTL_MS } from '../../metrics/emailCounts';
import { openStores, type Stores } from '../../storage';
import type { ServerOptions } from '../../api/server';
import { STORE_HEADERS, testApp, validOrder } from './helpers';

/** GET /metrics on a real SQLite store: admin only, real values, never a raw link token. */
const ADMIN_TOKEN = 'metrics-test-admin-token-0123456789abcdef';
const LINK_SECRET = 'metrics-test-link-secret-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

let dataDir: string;
let stores: Stores;
let app: FastifyInstance;
let recorder: ApiMetrics;
let clock: number;
/** What the content gate says, as the live content would (definitions/liveContent.ts). */
let contentRefused = false;
const logLines: string[] = [];

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-metrics-api-'));
  stores = await openStores({ dataDir });
  clock = Date.parse('2026-03-06T12:00:00Z');
  logLines.length = 0;
  await start();
});
afterEach(async () => {
  await app.close();
  await stores.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** (Re)builds the server, optionally with another gateway. */
async function start(overrides: Partial<ServerOptions> = {}): Promise<void> {
  recorder = apiMetrics({
    outboxDepth: () => stores.outbox.depth(),
    emailCounts: cachedEmailCounts(stores.db, () => clock),
    contentRefused: () => contentRefused,
  });
  ({ app } = await testApp({
    metrics: { recorder, adminToken: ADMIN_TOKEN },
    facts: stores.facts,
    linkSecrets: [LINK_SECRET],
    logger: { stream: { write: (line) => void logLines.push(line) } },
    ...overrides,
  }));
}

async function scrape(): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: ADMIN });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of one sample, matched by its name and exact label set as written; undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const postOrder = () =>
  app.inject({ method: 'POST', url: '/v1/orders', payload: JSON.stringify(validOrder()), headers: STORE_HEADERS });

function outcome(overrides: Partial<OutcomeFact>): OutcomeFact {
  return {
    storeId: 'default',
    customerId: 'c-42',
    orderId: '1001',
    messageKey: 'm-1',
    journeyId: 'post-purchase',
    journeyVersion: '1',
    stepId: 'reassurance',
    category: 'service',
    outcome: 'sent',
    at: clock,
    ...overrides,
  };
}

describe('access', () => {
  it.each([
    ['no authorization', {}],
    ['a wrong token', { authorization: `Bearer ${'x'.repeat(40)}` }],
    ['a store key', { authorization: STORE_HEADERS.authorization }],
  ])('answers 401 with %s', async (_name, headers) => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers });

    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('afterglow_');
  });

  it('answers 200 in Prometheus text format with the admin token, process metrics included', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: ADMIN });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(recorder.registry.contentType);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(sample(res.body, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(res.body, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('is not served without an admin token configured', async () => {
    await app.close();
    await start({ metrics: undefined });

    expect((await app.inject({ method: 'GET', url: '/metrics', headers: ADMIN })).statusCode).toBe(404);
  });
});

describe('afterglow_http_request_duration_seconds', () => {
  it('counts requests by route pattern, never by the raw URL', async () => {
    expect((await postOrder()).statusCode).toBe(202);
    expect((await postOrder()).statusCode).toBe(202);
    const token = signClickToken(
      {
        storeId: 'default',
        customerId: 'c-42',
        messageKey: 'm-1',
        journeyId: 'post-purchase',
        stepId: 'how-to',
        url: 'https://shop.example/guide',
        test: true,
      },
      [LINK_SECRET],
    );
    expect((await app.inject({ method: 'GET', url: `/c/${token}` })).statusCode).toBe(302);
    expect((await app.inject({ method: 'GET', url: '/c/not-a-token' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/nowhere/${token}` })).statusCode).toBe(404);

    const text = await scrape();
    const count = (labels: string) => sample(text, 'afterglow_http_request_duration_seconds_count', labels);
    expect(count('{method="POST",route="/v1/orders",status_code="202"}')).toBe(2);
    expect(
      sample(
        text,
        'afterglow_http_request_duration_seconds_bucket',
        '{le="+Inf",method="POST",route="/v1/orders",status_code="202"}',
      ),
    ).toBe(2);
    expect(
      sample(
        text,
        'afterglow_http_request_duration_seconds_sum',
        '{method="POST",route="/v1/orders",status_code="202"}',
      ),
    ).toBeGreaterThan(0);
    expect(count('{method="GET",route="/c/:token",status_code="302"}')).toBe(1);
    expect(count('{method="GET",route="/c/:token",status_code="400"}')).toBe(1);
    expect(count('{method="GET",route="(unmatched)",status_code="404"}')).toBe(1);
    expect(text).not.toContain(token);
    expect(text).not.toContain('not-a-token');
    expect(text).not.toContain('/nowhere');
  });
});

describe('afterglow_signal_with_start_failures_total', () => {
  const failures = (text: string, reason: string) =>
    sample(text, 'afterglow_signal_with_start_failures_total', `{reason="${reason}"}`);

  it('starts at 0 for both reasons and stays there while orders go through', async () => {
    expect((await postOrder()).statusCode).toBe(202);

    const text = await scrape();
    expect(failures(text, 'temporal_unavailable')).toBe(0);
    expect(failures(text, 'error')).toBe(0);
  });

  it('counts orders Temporal did not take, by reason', async () => {
    await app.close();
    let failWith: Error = new TemporalUnavailableError('Temporal did not answer within 3 s');
    await start({
      gateway: {
        placeOrder: async () => {
          throw failWith;
        },
        reportEvent: async () => ({ workflowId: 'unused' }),
      },
    });

    expect((await postOrder()).statusCode).toBe(503);
    expect((await postOrder()).statusCode).toBe(503);
    failWith = new Error('namespace not found');
    expect((await postOrder()).statusCode).toBe(500);

    const text = await scrape();
    expect(failures(text, 'temporal_unavailable')).toBe(2);
    expect(failures(text, 'error')).toBe(1);
  });
});

describe('afterglow_emails', () => {
  const emails = (text: string, category: string, outcome: string) =>
    sample(text, 'afterglow_emails', `{category="${category}",outcome="${outcome}"}`);

  it('shows fact_messages by category and outcome, leaving demo rows out, recounted after 30 s', async () => {
    await stores.facts.recordOutcome(outcome({ messageKey: 'm-1' }));
    await stores.facts.recordOutcome(outcome({ messageKey: 'm-2' }));
    await stores.facts.recordOutcome(outcome({ messageKey: 'm-3', category: 'marketing' }));
    await stores.facts.recordOutcome(
      outcome({ messageKey: 'm-4', category: 'marketing', outcome: 'skipped', reason: 'quiet hours' }),
    );
    await stores.db
      .insertInto('fact_messages')
      .values({
        store_id: 'default',
        customer_id: 'c-demo',
        order_id: 'd-1',
        message_key: 'm-demo',
        journey_id: 'post-purchase',
        journey_version: '1',
        step_id: 'reassurance',
        category: 'service',
        outcome: 'sent',
        holdout: 0,
        at_ms: clock,
        demo: 1,
      })
      .execute();

    let text = await scrape();
    expect(emails(text, 'service', 'sent')).toBe(2);
    expect(emails(text, 'marketing', 'sent')).toBe(1);
    expect(emails(text, 'marketing', 'skipped')).toBe(1);
    expect(text.split('\n').filter((l) => l.startsWith('afterglow_emails{'))).toHaveLength(3);

    // Within 30 s a scrape is served from the last count; after that the new row shows.
    await stores.facts.recordOutcome(outcome({ messageKey: 'm-5' }));
    clock += EMAIL_COUNTS_TTL_MS - 1;
    expect(emails(await scrape(), 'service', 'sent')).toBe(2);
    clock += 1;
    text = await scrape();
    expect(emails(text, 'service', 'sent')).toBe(3);
    expect(emails(text, 'marketing', 'skipped')).toBe(1);
  });
});

describe('afterglow_content_refused', () => {
  it('is 1 while the newest content edit is refused and 0 once a valid set is in use', async () => {
    expect(sample(await scrape(), 'afterglow_content_refused')).toBe(0);
    contentRefused = true;
    expect(sample(await scrape(), 'afterglow_content_refused')).toBe(1);
    contentRefused = false;
    expect(sample(await scrape(), 'afterglow_content_refused')).toBe(0);
  });
});

describe('afterglow_outbox_depth', () => {
  it('is the number of signals in the outbox at scrape time', async () => {
    expect(sample(await scrape(), 'afterglow_outbox_depth')).toBe(0);
    const first = await stores.outbox.enqueue({
      workflowId: 'customer/default/c-42',
      signal: 'consentChanged',
      args: [],
    });
    await stores.outbox.enqueue({ workflowId: 'customer/default/c-7', signal: 'consentChanged', args: [] });
    expect(sample(await scrape(), 'afterglow_outbox_depth')).toBe(2);
    await stores.outbox.done(first);
    expect(sample(await scrape(), 'afterglow_outbox_depth')).toBe(1);
  });
});

describe('while the database is down', () => {
  it('leaves the database gauges out, logs which without personal data, and answers the rest', async () => {
    expect((await postOrder()).statusCode).toBe(202);
    await stores.close();

    const text = await scrape();
    expect(text).not.toContain('afterglow_outbox_depth');
    expect(text).not.toContain('afterglow_emails');
    expect(
      sample(
        text,
        'afterglow_http_request_duration_seconds_count',
        '{method="POST",route="/v1/orders",status_code="202"}',
      ),
    ).toBe(1);
    expect(sample(text, 'afterglow_signal_with_start_failures_total', '{reason="error"}')).toBe(0);
    const warnings = logLines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg?.startsWith('metric left out'));
    expect(warnings.map((w) => w.metric).sort()).toEqual(['afterglow_emails', 'afterglow_outbox_depth']);
    expect(warnings.every((w) => w.level === 40)).toBe(true);
    expect(logLines.join('\n')).not.toContain('ada@example.com');
    expect(logLines.join('\n')).not.toContain('Lovelace');

    stores = await openStores({ dataDir }); // for afterEach
  });
});
