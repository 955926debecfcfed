import type { OrderInput } from '../../domain/order';
import { seededRandom } from '../../measurement/synthetic/random';

const DAY = 86_400_000;
/** The shipped catalog's products with their prices, consumables and durables alike. */
const PRODUCTS = [
  ['VC-SERUM-30', 'Vitamin C Serum', '58.00'],
  ['VC-SERUM-90', 'Vitamin C Serum 90', '149.00'],
  ['GENTLE-CLEANSER', 'Gentle Cleanser', '24.00'],
  ['COFFEE-ETHIOPIA-250', 'Ethiopia Beans', '16.00'],
  ['POUROVER-DRIPPER', 'Pour-over Dripper', '32.00'],
  ['PAPER-FILTERS-100', 'Paper Filters', '8.00'],
  ['HAND-GRINDER', 'Hand Grinder', '89.00'],
  ['MAG-SLEEP-30', 'Magnesium Sleep', '29.00'],
  ['MAG-SLEEP-90', 'Magnesium Sleep 90', '75.00'],
  ['HERBAL-TEA-CHAMOMILE', 'Chamomile Tea', '12.00'],
] as const;
const ZONES = [
  ['en-US', 'America/New_York'],
  ['en-US', 'America/Los_Angeles'],
  ['en-GB', 'Europe/London'],
  ['ja-JP', 'Asia/Tokyo'],
] as const;

/**
 * `count` past orders of made-up customers, placed over the `days` before `now` (a store's history): about 2.5 orders
 * per customer, one to three products each, a third without marketing consent. The same seed gives the same orders.
 * Addresses are @example.com.
 */
export function historicalOrders(
  count: number,
  { now, days = 730, seed = 13 }: { now: number; days?: number; seed?: number },
): OrderInput[] {
  const random = seededRandom(seed);
  const customers = Math.max(1, Math.round(count / 2.5));
  return Array.from({ length: count }, (_, i) => {
    const customer = Math.floor(random.next() * customers);
    const [locale, timezone] = ZONES[customer % ZONES.length];
    const lines = Array.from({ length: 1 + Math.floor(random.next() * 3) }, () => random.pick(PRODUCTS));
    const unique = [...new Map(lines.map((p) => [p[0], p])).values()];
    const total = unique.reduce((sum, [, , price]) => sum + Number(price), 0);
    return {
      orderId: `H${100_000 + i}`,
      // Whole seconds, never the present itself: an import is of orders already placed.
      placedAt: new Date(Math.floor((now - 60_000 - random.next() * days * DAY) / 1000) * 1000).toISOString(),
      currency: 'USD',
      total: total.toFixed(2),
      customer: {
        id: `hc-${customer}`,
        email: `hc-${customer}@example.com`,
        firstName: 'Pat',
        locale,
        timezone,
        acceptsMarketing: customer % 3 !== 0,
      },
      lineItems: unique.map(([sku, title, price]) => ({ sku, title, quantity: 1, unitPrice: price })),
    };
  });
}

/** The orders as the import's CSV (one row per line item). */
export function historicalCsv(orders: OrderInput[]): string {
  const header =
    'order_id,placed_at,currency,total,customer_id,email,first_name,locale,timezone,accepts_marketing,sku,title,quantity,unit_price';
  const rows = orders.flatMap((o) =>
    o.lineItems.map((l) =>
      [
        o.orderId,
        o.placedAt,
        o.currency,
        o.total,
        o.customer.id,
        o.customer.email,
        o.customer.firstName,
        o.customer.locale,
        o.customer.timezone,
        o.customer.acceptsMarketing,
        l.sku,
        l.title,
        l.quantity,
        l.unitPrice,
      ].join(','),
    ),
  );
  return `${[header, ...rows].join('\n')}\n`;
}
