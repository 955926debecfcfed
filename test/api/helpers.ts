import { createHmac } from 'node:crypto';
import { generateStoreKey, storeKeyring } from '../../credentials/storeKeys';
import type { FastifyInstance } from 'fastify';
import type { JourneyEvent } from '../../domain/events';
import type { Order, OrderInput } from '../../domain/order';
import { type JourneyGateway, JourneyNotFoundError } from '../../api/journeyGateway';
import { buildServer, type ServerOptions } from '../../api/server';
import { customerWorkflowId } from '../../workflows/signals';

export const TEST_SECRET = 'test-webhook-secret';
/** The default store's key in API tests (generated per run, like a real one). */
export const TEST_STORE_KEY = generateStoreKey().key;
/** Another store's key: opens "tokyo-shop.jp" only. */
export const OTHER_STORE_KEY = generateStoreKey().key;
/** What a store's backend sends with a JSON body. */
export const STORE_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${TEST_STORE_KEY}` };
/** "Now" for API tests: the fixtures' orders and events are a little older. */
export const TEST_NOW = Date.parse('2026-03-06T12:00:00Z');
export const SHOP_DOMAIN = 'afterglow-demo.myshopify.com';

type Call = { method: 'placeOrder'; order: Order } | { method: 'reportEvent'; event: JourneyEvent };

/**
 * Stands in for Temporal and records what the API asked of it. Like the real gateway, an event for a customer
 * without a journey (no order placed through it yet) throws JourneyNotFoundError.
 */
export class RecordingGateway implements JourneyGateway {
  readonly calls: Call[] = [];
  private readonly journeys = new Set<string>();

  async placeOrder(order: Order): Promise<{ workflowId: string }> {
    this.calls.push({ method: 'placeOrder', order });
    const workflowId = customerWorkflowId(order.storeId, order.customer.id);
    this.journeys.add(workflowId);
    return { workflowId };
  }

  async reportEvent(event: JourneyEvent): Promise<{ workflowId: string }> {
    this.calls.push({ method: 'reportEvent', event });
    const workflowId = customerWorkflowId(event.storeId, event.customerId);
    if (!this.journeys.has(workflowId)) throw new JourneyNotFoundError(`no journey ${workflowId}`);
    return { workflowId };
  }
}

export async function testApp(
  overrides: Partial<ServerOptions> = {},
): Promise<{ app: FastifyInstance; gateway: RecordingGateway }> {
  const gateway = new RecordingGateway();
  const app = await buildServer({
    gateway,
    storeKeys: () =>
      storeKeyring(
        [
          { storeId: 'default', key: TEST_STORE_KEY },
          { storeId: 'tokyo-shop.jp', key: OTHER_STORE_KEY },
        ],
        [],
      ),
    now: () => TEST_NOW,
    config: { SHOPIFY_WEBHOOK_SECRET: TEST_SECRET, LOG_LEVEL: 'info' },
    logger: false,
    ...overrides,
  });
  return { app, gateway };
}

export function validOrder(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    orderId: '1001',
    placedAt: '2026-03-02T15:00:00Z',
    currency: 'USD',
    total: '58.00',
    customer: {
      id: 'c-42',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      locale: 'en-US',
      timezone: 'America/New_York',
      acceptsMarketing: true,
    },
    lineItems: [{ sku: 'SERUM-C-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
    ...overrides,
  };
}

export function sign(body: string | Buffer, secret = TEST_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** A JSON POST as Shopify sends it: signed raw bytes plus the shop headers. */
export function shopifyRequest(body: string, headers: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': SHOP_DOMAIN,
    'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    'x-shopify-hmac-sha256': sign(body),
    ...headers,
  };
  const present = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return { method: 'POST' as const, url: '/v1/webhooks/shopify/orders-create', payload: body, headers: present };
}
