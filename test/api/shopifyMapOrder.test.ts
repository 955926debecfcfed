import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mapShopifyOrder, storeIdFromShopDomain } from '../../api/shopify/mapOrder';
import { ShopifyOrder } from '../../api/shopify/shopifyOrderSchema';

/** Shopify's documented orders/create example (large ids exact through admin_graphql_api_id). */
const fixture = () => JSON.parse(readFileSync(path.join(__dirname, 'fixtures/shopify-orders-create.json'), 'utf8'));
const mapped = (patch: (payload: ReturnType<typeof fixture>) => void) => {
  const payload = fixture();
  patch(payload);
  const result = mapShopifyOrder(ShopifyOrder.parse(payload), 'shop');
  if (!('order' in result)) throw new Error(`skipped: ${result.skipped}`);
  return result.order;
};

describe('the store id of a Shopify shop domain (storeIdFromShopDomain)', () => {
  it.each<[string | string[] | undefined, string | undefined]>([
    ['my-shop.myshopify.com', 'my-shop.myshopify.com'],
    [' My Shop.myshopify.com ', 'my-shop.myshopify.com'],
    ['shop_1.example', 'shop_1.example'],
    ['ショップ.jp', '----.jp'],
    ['---', undefined],
    ['', undefined],
    [['a.myshopify.com', 'b.myshopify.com'], undefined],
    [undefined, undefined],
    ['a'.repeat(120), 'a'.repeat(100)],
  ])('%j → %j', (domain, storeId) => {
    expect(storeIdFromShopDomain(domain)).toBe(storeId);
  });
});

describe('mapping a Shopify order (mapShopifyOrder)', () => {
  it('takes the exact ids from the global ids, and the number where no global id came', () => {
    const order = mapped((p) => {
      p.customer.admin_graphql_api_id = null;
      p.customer.id = 42;
    });
    expect(order.orderId).toBe('820982911946154508');
    expect(order.customer.id).toBe('42');
  });

  it.each([
    [
      "the customer's address",
      (p: ReturnType<typeof fixture>) =>
        Object.assign(p, { email: 'order@example.jp', contact_email: 'contact@example.jp' }),
      'hanako.yamada@example.jp',
    ],
    [
      "the order's address when the customer has none",
      (p: ReturnType<typeof fixture>) =>
        Object.assign(p.customer, { email: null }) && Object.assign(p, { email: 'order@example.jp' }),
      'order@example.jp',
    ],
    [
      'the contact address when neither has one',
      (p: ReturnType<typeof fixture>) =>
        Object.assign(p.customer, { email: '' }) &&
        Object.assign(p, { email: null, contact_email: 'contact@example.jp' }),
      'contact@example.jp',
    ],
  ])('emails %s', (_name, patch, email) => {
    expect(mapped(patch).customer.email).toBe(email);
  });

  it('skips an order without a customer, saying why', () => {
    const payload = fixture();
    payload.customer = null;
    expect(mapShopifyOrder(ShopifyOrder.parse(payload), 'shop')).toEqual({ skipped: 'the order has no customer' });
  });

  it('treats empty names and locales as absent', () => {
    const order = mapped((p) => {
      Object.assign(p.customer, { first_name: '', last_name: '', locale: '' });
      p.customer_locale = '';
    });
    const { firstName, lastName, locale } = order.customer;
    expect({ firstName, lastName, locale }).toEqual({ firstName: undefined, lastName: undefined, locale: undefined });
    // Not the empty strings Shopify sent: templates then greet generically.
    expect([firstName, lastName, locale]).not.toContain('');
  });

  it.each([
    [
      'the current consent model says not subscribed: the legacy flag is ignored',
      { state: 'not_subscribed' },
      true,
      false,
    ],
    ['no current consent: the legacy flag counts', null, true, true],
    ['no current consent and no legacy flag', null, null, false],
  ])('reads marketing consent: %s', (_name, consent, legacy, expected) => {
    const order = mapped((p) => {
      p.customer.email_marketing_consent = consent;
      p.customer.accepts_marketing = legacy;
      p.buyer_accepts_marketing = false;
    });
    expect(order.customer.acceptsMarketing).toBe(expected);
  });

  it('keys line items by their trimmed SKU, else their variant, else their own id', () => {
    const order = mapped((p) => {
      p.line_items[0].sku = '  SERUM-C-30 ';
      Object.assign(p.line_items[1], { sku: '  ', variant_id: 7 });
      p.line_items.push({ ...p.line_items[1], id: 5, admin_graphql_api_id: null, sku: null, variant_id: null });
    });
    expect(order.lineItems.map((l) => l.sku)).toEqual(['SERUM-C-30', 'variant-7', 'line-5']);
    expect(order.lineItems[0]).toEqual({ sku: 'SERUM-C-30', title: 'ビタミンC美容液', quantity: 1, unitPrice: '6980' });
  });

  it('passes on the billing address like the shipping one, and no address without a country', () => {
    const order = mapped((p) => {
      p.billing_address = { country_code: 'JP', province: null, province_code: null, zip: null };
      p.shipping_address = { country_code: null, province: 'Tokyo', zip: '150-0041' };
    });
    expect(order.billingAddress).toEqual({ country: 'JP' });
    expect(order.shippingAddress).toBeUndefined();
  });
});
