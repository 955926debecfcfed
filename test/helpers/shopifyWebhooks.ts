import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrivacyRequests } from '../../privacy/privacyRequests';

/** A webhook secret as Shopify generates one for an app (hex), new for every test that asks. */
export const newShopifySecret = () => `shpss_${randomBytes(16).toString('hex')}`;

/** The raw text of a payload fixture in test/api/fixtures (signatures cover these exact bytes). */
export const shopifyFixture = (name: string) =>
  readFileSync(path.join(__dirname, '../api/fixtures', `shopify-${name}.json`), 'utf8');

/** Exactly as Shopify signs: base64 HMAC-SHA256 of the raw body bytes with the shared secret. */
export const shopifySignature = (body: string | Buffer, secret: string) =>
  createHmac('sha256', secret).update(body).digest('base64');

export interface DeliveryOptions {
  secret: string;
  shop?: string;
  webhookId?: string;
  eventId?: string;
  /** X-Shopify-Triggered-At. */
  triggeredAt?: string;
  url?: string;
  /** Headers to set (or, as undefined, leave out) after the ones Shopify sends. */
  headers?: Record<string, string | undefined>;
}

/** One delivery as Shopify makes it: the raw body, signed, with the headers of its delivery structure. */
export function shopifyDelivery(topic: string, body: string, options: DeliveryOptions) {
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': options.shop ?? 'afterglow-demo.myshopify.com',
    'x-shopify-api-version': '2026-04',
    'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
    'x-shopify-event-id': options.eventId ?? randomUUID(),
    'x-shopify-triggered-at': options.triggeredAt ?? new Date().toISOString(),
    'x-shopify-hmac-sha256': shopifySignature(body, options.secret),
    ...options.headers,
  };
  const headers = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return { method: 'POST' as const, url: options.url ?? '/v1/webhooks/shopify', payload: body, headers };
}

/** Stands in for the privacy implementation (privacy/privacyRequests.ts, built elsewhere): records what it is asked. */
export class RecordingPrivacyRequests implements PrivacyRequests {
  readonly requests: Array<{ kind: 'export' | 'erase' | 'erase-store'; input: Record<string, unknown> }> = [];
  private next = 1;
  private record(kind: 'export' | 'erase' | 'erase-store', input: Record<string, unknown>) {
    this.requests.push({ kind, input });
    return Promise.resolve({ requestId: `pr-${this.next++}` });
  }
  requestExport(input: { storeId: string; customerId: string; source: string }) {
    return this.record('export', input);
  }
  requestErasure(input: { storeId: string; customerId: string; source: string; emails?: string[] }) {
    return this.record('erase', input);
  }
  requestStoreErasure(input: { storeId: string; source: string }) {
    return this.record('erase-store', input);
  }
}
