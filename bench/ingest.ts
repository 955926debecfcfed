import { generateStoreKey, storeKeyring } from '../credentials/storeKeys';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../api/server';
import { sampleOrder } from '../authoring/sampleMessage';
import { temporalJourneyGateway } from '../client/journeyGateway';
import { SEARCH_ATTRIBUTES } from '../client/searchAttributes';
import { loadContent } from '../definitions/content';
import { quietRuntime } from '../worker/quietRuntime';
import { type BenchRow, fmt, percentile, REPO_ROOT } from './shared';
import { ensure } from '../scripts/ensureTemporal.cjs';

interface LoadResult {
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
}

/** `total` requests from `concurrency` keep-alive clients; latencies in ms. */
async function load(
  total: number,
  concurrency: number,
  request: (i: number) => Promise<Response>,
  expect: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        const res = await request(i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== expect) errors++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

const BENCH_KEY = generateStoreKey().key;

/**
 * POST /v1/orders through the real API (buildServer + temporalJourneyGateway) on a real Temporal server (a dev
 * server of its own, or `target`), vs. the same client on GET /healthz (the HTTP stack alone). No worker runs: this
 * measures accepting orders (validation + signal-with-start), not executing journeys.
 */
export async function ingest(
  orders = 500,
  concurrency = 20,
  target?: { client: Client; label: string },
): Promise<{ rows: BenchRow[]; detail: string }> {
  quietRuntime();
  const content = loadContent(REPO_ROOT);
  const env = target
    ? undefined
    : await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: ensure('temporal') },
          searchAttributes: [...SEARCH_ATTRIBUTES],
        },
      });
  const client = target?.client ?? env!.client;
  const label = target?.label ?? 'dev server';
  const app = await buildServer({
    gateway: temporalJourneyGateway(client, 'bench-ingest'),
    storeKeys: () => storeKeyring([{ storeId: 'default', key: BENCH_KEY }], []),
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'warn' },
    logger: false,
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const template = sampleOrder(content.products, 'en', new Date());
    const bodies = Array.from({ length: orders + 50 }, (_, i) =>
      JSON.stringify({
        ...template,
        orderId: `I-${i}`,
        customer: { ...template.customer, id: `ingest-${i}`, email: `ingest-${i}@example.com` },
      }),
    );
    const post = (i: number) =>
      fetch(`${base}/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
        body: bodies[i],
      });
    const health = () => fetch(`${base}/healthz`);
    // Warm-up: connections, JIT, the gRPC channel (distinct customers, so no order is a duplicate).
    await load(50, concurrency, (i) => post(orders + i), 202);
    await load(200, concurrency, health, 200);
    const healthz = await load(Math.max(orders, 2000), concurrency, health, 200);
    const posted = await load(orders, concurrency, post, 202);
    if (posted.errors || healthz.errors)
      throw new Error(`ingest: ${posted.errors} order and ${healthz.errors} healthz requests failed`);
    return {
      rows: [
        {
          name: `ingest: POST /v1/orders (${label}, signal-with-start)`,
          value: posted.perSec,
          unit: 'orders/s',
          baselineName: 'GET /healthz, same client',
          baseline: healthz.perSec,
          ratio: posted.perSec / healthz.perSec,
          note: `${orders} orders, concurrency ${concurrency}; p50 ${fmt(posted.p50)} ms / p99 ${fmt(posted.p99)} ms vs healthz p50 ${fmt(healthz.p50)} ms / p99 ${fmt(healthz.p99)} ms`,
        },
        {
          name: `ingest: POST /v1/orders p99 latency (${label})`,
          value: posted.p99,
          unit: 'ms',
          baselineName: 'GET /healthz p99',
          baseline: healthz.p99,
          ratio: posted.p99 / healthz.p99,
        },
      ],
      detail: `orders p50 ${fmt(posted.p50)} ms, p99 ${fmt(posted.p99)} ms; healthz p50 ${fmt(healthz.p50)} ms, p99 ${fmt(healthz.p99)} ms (${Math.max(orders, 2000)} requests)`,
    };
  } finally {
    await app.close();
    await env?.teardown();
  }
}
