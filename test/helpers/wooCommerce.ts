import { createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * WooCommerce's side of its webhooks, for tests: REST v3 order payloads, encoded and signed as WooCommerce does
 * (class-wc-webhook.php: `trim( wp_json_encode( $payload ) )`, then base64 HMAC-SHA256 of those bytes), and the
 * headers it sends with them.
 */

/**
 * A secret like the one WooCommerce generates when the field is left blank (`wp_generate_password( 50, true, true )`:
 * letters, digits and the special characters that make secrets hard to pass in comma-separated variables).
 */
export function generateWooSecret(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';
  return Array.from({ length: 50 }, () => chars[randomInt(chars.length)]).join('');
}

/** `wp_json_encode` with PHP's default flags: "/" escaped, non-ASCII as \u escapes (UTF-16 units, as JSON has them). */
export function wpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function wooSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** A delivery id as WooCommerce makes one: `wp_hash( $webhook_id . time() )`, an MD5 hex digest. */
export function wooDeliveryId(): string {
  return randomBytes(16).toString('hex');
}

/** "2026-03-05T09:30:00": how the REST API writes its *_gmt dates. */
export function wooGmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export const WOO_SITE = 'https://shop.example.com/';

/** A processing order of a registered customer in Portland, Oregon (a REST v3 order, with fields Afterglow ignores). */
export function wooOrder(createdAt: number, overrides: Record<string, unknown> = {}) {
  const created = wooGmt(createdAt);
  return {
    id: 727,
    parent_id: 0,
    number: '727',
    order_key: 'wc_order_58d2d042d1d',
    created_via: 'checkout',
    version: '9.5.1',
    status: 'processing',
    currency: 'USD',
    date_created: created,
    date_created_gmt: created,
    date_modified: created,
    date_modified_gmt: created,
    discount_total: '0.00',
    shipping_total: '10.00',
    total: '68.00',
    total_tax: '0.00',
    prices_include_tax: false,
    customer_id: 7,
    customer_ip_address: '',
    customer_user_agent: '',
    customer_note: '',
    billing: {
      first_name: 'Zoë',
      last_name: 'Doe',
      company: '',
      address_1: '969 Market',
      address_2: '',
      city: 'Portland',
      state: 'OR',
      postcode: '97201',
      country: 'US',
      email: 'Zoe.Doe@Example.com',
      phone: '(555) 555-5555',
    },
    shipping: {
      first_name: 'Zoë',
      last_name: 'Doe',
      company: '',
      address_1: '969 Market',
      address_2: '',
      city: 'Portland',
      state: 'OR',
      postcode: '97201',
      country: 'US',
      phone: '',
    },
    payment_method: 'stripe',
    payment_method_title: 'Credit card',
    transaction_id: 'ch_3Q',
    date_paid: created,
    date_paid_gmt: created,
    date_completed: null,
    date_completed_gmt: null,
    cart_hash: 'c7d0b1',
    meta_data: [{ id: 13106, key: '_stripe_fee', value: '2.27' }],
    line_items: [
      {
        id: 315,
        name: 'Vitamin C Serum',
        product_id: 93,
        variation_id: 0,
        quantity: 1,
        tax_class: '',
        subtotal: '38.00',
        subtotal_tax: '0.00',
        total: '38.00',
        total_tax: '0.00',
        taxes: [],
        meta_data: [],
        sku: 'VC-SERUM-30',
        price: 38,
        image: { id: '', src: '' },
        parent_name: null,
      },
      {
        id: 316,
        name: 'Lip balm — 3 for 20',
        product_id: 94,
        variation_id: 0,
        quantity: 3,
        tax_class: '',
        subtotal: '20.00',
        subtotal_tax: '0.00',
        total: '20.00',
        total_tax: '0.00',
        taxes: [],
        meta_data: [],
        sku: '',
        price: 6.666666666666667,
        image: { id: '', src: '' },
        parent_name: null,
      },
    ],
    tax_lines: [],
    shipping_lines: [
      {
        id: 317,
        method_title: 'Flat rate',
        method_id: 'flat_rate',
        total: '10.00',
        total_tax: '0.00',
        taxes: [],
        meta_data: [],
      },
    ],
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    payment_url: 'https://shop.example.com/checkout/order-pay/727/?pay_for_order=true&key=wc_order_58d2d042d1d',
    is_editable: false,
    needs_payment: false,
    needs_processing: true,
    currency_symbol: '$',
    _links: {
      self: [{ href: 'https://shop.example.com/wp-json/wc/v3/orders/727' }],
      collection: [{ href: 'https://shop.example.com/wp-json/wc/v3/orders' }],
    },
    ...overrides,
  };
}

/** The request WooCommerce sends for one delivery of `topic` (an HTTP method, a body and its headers). */
export function wooDelivery(
  payload: unknown,
  {
    topic = 'order.created',
    secret,
    deliveryId = wooDeliveryId(),
  }: { topic?: string; secret: string; deliveryId?: string },
) {
  const body = wpJsonEncode(payload);
  const [resource, event] = topic.split('.');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.5.1 Hookshot (WordPress/6.7.1)',
      'x-wc-webhook-source': WOO_SITE,
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': wooSignature(body, secret),
      'x-wc-webhook-id': '12',
      'x-wc-webhook-delivery-id': deliveryId,
    } as Record<string, string>,
  };
}

/** The unsigned activation ping WooCommerce sends when a webhook is first saved as active. */
export const WOO_PING = {
  body: 'webhook_id=12',
  headers: {
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    'user-agent': 'WooCommerce/9.5.1 Hookshot (WordPress/6.7.1)',
  },
};
