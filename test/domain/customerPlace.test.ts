import path from 'node:path';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { mapShopifyOrder } from '../../api/shopify/mapOrder';
import { ShopifyOrder } from '../../api/shopify/shopifyOrderSchema';
import { loadContent } from '../../definitions/content';
import { localeOfCountry, zoneOfAddress } from '../../domain/customerPlace';
import { Order } from '../../domain/order';
import { describeZone } from '../../rules/planRun';
import { runSimulation } from '../../simulation/runSimulation';
import { parseSimulationEvent } from '../../simulation/simulationEvents';
import { timelineRows } from '../../simulation/timeline';
import { REPO_ROOT } from '../support/testDependencies';

/** Issue #20: the customer's own time zone from the address when the store sends none. */
describe('zoneOfAddress', () => {
  it.each([
    ['Tokyo', { country: 'JP', province: 'Tokyo', postalCode: '150-0041' }, 'Asia/Tokyo'],
    ['Osaka', { country: 'JP', province: 'Osaka' }, 'Asia/Tokyo'],
    ['New York', { country: 'US', province: 'NY', postalCode: '10001' }, 'America/New_York'],
    ['Los Angeles', { country: 'US', province: 'California' }, 'America/Los_Angeles'],
    ['Phoenix (no daylight saving)', { country: 'US', province: 'AZ', postalCode: '85004' }, 'America/Phoenix'],
    ['Honolulu', { country: 'US', province: 'HI' }, 'Pacific/Honolulu'],
    ['Toronto', { country: 'CA', province: 'Ontario' }, 'America/Toronto'],
    ['Vancouver', { country: 'CA', province: 'British Columbia' }, 'America/Vancouver'],
    ['Perth', { country: 'AU', province: 'Western Australia' }, 'Australia/Perth'],
    ['Sydney', { country: 'AU', province: 'New South Wales' }, 'Australia/Sydney'],
    ['São Paulo', { country: 'BR', province: 'Sao Paulo' }, 'America/Sao_Paulo'],
    ['Berlin', { country: 'DE', province: 'Berlin' }, 'Europe/Berlin'],
    ['London', { country: 'GB', postalCode: 'SW1A 1AA' }, 'Europe/London'],
    ['an unknown country: nothing (the store zone applies)', { country: 'XX' }, undefined],
  ])('%s', (_, address, zone) => expect(zoneOfAddress(address)).toBe(zone));

  it.each([
    ['JP', 'ja-JP'],
    ['US', 'en-US'],
    ['BR', 'pt-BR'],
    ['XX', undefined],
  ])('the main language of %s is %s', (country, locale) => expect(localeOfCountry(country)).toBe(locale));
});

describe('an order without a customer time zone', () => {
  const base = {
    orderId: 'A-1',
    placedAt: '2026-03-02T01:15:00Z',
    currency: 'USD',
    total: '10.00',
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '10.00' }],
  };
  const customer = { id: 'c-1', email: 'c@example.com' };

  it.each([
    ['takes the shipping address', { shippingAddress: { country: 'CA', province: 'British Columbia' }, billingAddress: { country: 'US', province: 'NY' } }, 'America/Vancouver', 'address'],
    ['else the billing address', { billingAddress: { country: 'AU', province: 'Western Australia' } }, 'Australia/Perth', 'address'],
    ['keeps the store zone when nothing tells', {}, undefined, undefined],
  ])('%s', (_, addresses, timezone, source) => {
    const order = Order.parse({ ...base, customer, ...addresses });
    expect(order.customer.timezone).toBe(timezone);
    expect(order.customer.timezoneSource).toBe(source);
    // The address itself is not kept.
    expect(order).not.toHaveProperty('shippingAddress');
    expect(order).not.toHaveProperty('billingAddress');
  });

  it("never overrides the store's own time zone or language", () => {
    const order = Order.parse({ ...base, customer: { ...customer, timezone: 'Europe/Berlin', locale: 'de' }, shippingAddress: { country: 'JP' } });
    expect(order.customer).toMatchObject({ timezone: 'Europe/Berlin', timezoneSource: 'given', locale: 'de' });
  });

  it('gets the language of its country when the store sends none', () => {
    expect(Order.parse({ ...base, customer, shippingAddress: { country: 'JP' } }).customer.locale).toBe('ja-JP');
  });

  it('names the field of a bad address', () => {
    const result = Order.safeParse({ ...base, customer, shippingAddress: { country: 'Japan' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['shippingAddress', 'country'], message: 'must be a two-letter country code such as "JP"' });
  });
});

it('the Japanese Shopify order (Tokyo address, no time zone) is scheduled on Tokyo hours by the real workflow', async () => {
  const payload = ShopifyOrder.parse(JSON.parse(readFileSync(path.join(__dirname, '..', 'api', 'fixtures', 'shopify-orders-create.json'), 'utf8')));
  const mapped = mapShopifyOrder(payload, 'default');
  if (!('order' in mapped)) throw new Error(mapped.skipped);
  const order = Order.parse(mapped.order);
  expect(order.customer).toMatchObject({ timezone: 'Asia/Tokyo', timezoneSource: 'address' });
  const content = loadContent(REPO_ROOT);
  const result = await runSimulation({ order, events: [parseSimulationEvent('delivered@+2d')], content, templatesDir: path.join(REPO_ROOT, 'templates') });
  expect(result.zone).toBe('Asia/Tokyo');
  const windowed = timelineRows(result).filter((r) => r.status === 'sent' && !['reassurance', 'thanks-again'].includes(r.stepId));
  expect(windowed.length).toBeGreaterThanOrEqual(3);
  for (const row of windowed) {
    const hour = DateTime.fromMillis(row.at!, { zone: 'Asia/Tokyo' }).hour;
    expect([row.stepId, hour >= 9 && hour < 20]).toEqual([row.stepId, true]);
  }
});

describe('support sees where the zone came from', () => {
  it.each([
    [{ timezone: 'Asia/Tokyo', timezoneSource: 'address' as const }, 'Asia/Tokyo (from the address)'],
    [{ timezone: 'Europe/Berlin', timezoneSource: 'given' as const }, 'Europe/Berlin (sent by the store)'],
    [{ timezone: 'Europe/Berlin' }, 'Europe/Berlin (sent by the store)'],
    [{}, "America/New_York (the store's: the order gave no zone or address)"],
  ])('%j → %s', (customer, text) => expect(describeZone(customer, 'America/New_York')).toBe(text));
});
