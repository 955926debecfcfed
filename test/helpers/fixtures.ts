import type { Product } from '../../definitions/catalogSchema';
import { JourneyDefinition } from '../../definitions/journeySchema';
import { StoreSettings } from '../../definitions/storeSchema';
import { Order, type OrderInput } from '../../domain/order';
import type { CustomerState } from '../../rules/journeyState';
import type { RunPlan } from '../../rules/planRun';

export const store: StoreSettings = StoreSettings.parse({
  name: 'Test Store',
  url: 'https://shop.example.com',
  supportEmail: 'support@shop.example.com',
  locales: ['en', 'ja'],
  timezone: 'America/New_York',
});

export function product(sku: string, overrides: Partial<Product> = {}): Product {
  return {
    sku,
    category: 'skincare',
    tags: ['skincare'],
    url: `https://shop.example.com/products/${sku}`,
    buildsResults: false,
    crossSell: [],
    upsell: [],
    name: { en: `Product ${sku}`, ja: `商品 ${sku}` },
    benefits: { en: ['Brighter skin'], ja: ['明るい肌'] },
    howTo: { en: ['Apply two drops'], ja: ['2滴つけます'] },
    milestones: [],
    extra: {},
    ...overrides,
  };
}

export function order(overrides: Partial<OrderInput> = {}): Order {
  return Order.parse({
    orderId: '1001',
    placedAt: '2026-03-02T15:00:00Z',
    currency: 'USD',
    total: '49.00',
    customer: {
      id: 'c-42',
      email: 'ada@example.com',
      firstName: 'Ada',
      acceptsMarketing: true,
      timezone: 'Asia/Tokyo',
    },
    lineItems: [{ sku: 'SERUM', title: 'Serum', quantity: 1, unitPrice: '49.00' }],
    ...overrides,
  });
}

export function journey(input: unknown): JourneyDefinition {
  return JourneyDefinition.parse(input);
}

export function runPlan(definition: JourneyDefinition, products: Product[]): RunPlan {
  return { journey: definition, version: 'test', store, products: Object.fromEntries(products.map((p) => [p.sku, p])) };
}

export function emptyState(): CustomerState {
  return { v: 1, storeId: 'default', customerId: 'c-42', contact: order().customer, orders: [], runs: [], log: [] };
}
