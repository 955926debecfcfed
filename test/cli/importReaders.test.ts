import fs from 'node:fs';
import path from 'node:path';
import { readCsvOrders } from '../../cli/import/csvOrders';
import { readShopifyOrders } from '../../cli/import/shopifyOrders';

const HEADER =
  'order_id,placed_at,currency,total,customer_id,email,first_name,accepts_marketing,country,postal_code,cancelled_at,sku,title,quantity,unit_price,product_tags';
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
const shopifyOrder = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../api/fixtures/shopify-orders-create.json'), 'utf8'),
);

describe('the CSV of past orders', () => {
  it('groups the rows of an order (one per line item) into one order, with its address and a cancellation', () => {
    const file = readCsvOrders(
      'orders.csv',
      csv(
        '1001,2025-03-01T10:00:00Z,USD,82.00,c-1,ada@example.com,Ada,yes,US,10001,,VC-SERUM-30,Serum,1,58.00,skincare;vitamin-c',
        '1001,2025-03-01T10:00:00Z,USD,82.00,c-1,ada@example.com,Ada,yes,US,10001,,GENTLE-CLEANSER,Cleanser,1,24.00,',
        '1002,2025-04-01T10:00:00Z,USD,16.00,c-2,bo@example.com,,,,,2025-04-02T08:00:00Z,COFFEE-ETHIOPIA-250,Beans,2,8.00,',
      ),
      'shop',
    );
    expect(file.problems).toEqual([]);
    expect(file.items.map((i) => i.where)).toEqual(['orders.csv:2', 'orders.csv:4']);
    const [first, second] = file.items;
    expect(first.order).toMatchObject({
      storeId: 'shop',
      orderId: '1001',
      total: '82.00',
      customer: { id: 'c-1', acceptsMarketing: true, timezone: 'America/New_York', timezoneSource: 'address' },
      lineItems: [
        { sku: 'VC-SERUM-30', quantity: 1, unitPrice: '58.00', productTags: ['skincare', 'vitamin-c'] },
        { sku: 'GENTLE-CLEANSER', quantity: 1, unitPrice: '24.00' },
      ],
    });
    expect(first.events).toEqual([]);
    expect(second.order.customer.acceptsMarketing).toBe(false);
    expect(second.events).toEqual([{ type: 'order.cancelled', occurredAt: '2025-04-02T08:00:00Z' }]);
  });

  it.each<[string, string[], string[]]>([
    [
      'a bad quantity and a bad flag, by line and column',
      ['1,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,maybe,,,,S,T,two,10.00,'],
      [
        'orders.csv:2: column "accepts_marketing": must be true or false (or yes/no, 1/0)',
        'orders.csv:2: column "quantity": must be a whole number',
      ],
    ],
    [
      'a missing required cell',
      ['1,,USD,10.00,c-1,a@example.com,,,,,,S,T,1,10.00,'],
      ['orders.csv:2: column "placed_at": must be an ISO 8601 date-time with an offset, e.g. 2025-03-01T10:00:00Z'],
    ],
    [
      'an invalid email, without echoing it',
      ['1,2025-03-01T10:00:00Z,USD,10.00,c-1,ada-at-example,,,,,,S,T,1,10.00,'],
      ['orders.csv:2: column "email": Invalid email address'],
    ],
    [
      'a bad price on the second line item points at its row',
      [
        '1,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,,,,,S,T,1,10.00,',
        '1,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,,,,,S2,T,1,ten,',
      ],
      ['orders.csv:3: column "unit_price": must be a decimal string such as "49.90"'],
    ],
    [
      'rows of one order that disagree',
      [
        '1,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,,,,,S,T,1,10.00,',
        '1,2025-03-01T10:00:00Z,USD,12.00,c-1,a@example.com,,,,,,S2,T,1,2.00,',
      ],
      [
        'orders.csv:3: column "total" differs from the order\'s first row (line 2): the rows of one order repeat its columns',
      ],
    ],
    [
      'an order whose rows are apart',
      [
        '1,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,,,,,S,T,1,10.00,',
        '2,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,,,,,S,T,1,10.00,',
        '1,2025-03-01T10:00:00Z,USD,10.00,c-1,a@example.com,,,,,,S2,T,1,10.00,',
      ],
      ['orders.csv:4: order_id repeats the order of line 2: the rows of one order must follow each other'],
    ],
  ])('names %s', (_, rows, problems) => {
    const file = readCsvOrders('orders.csv', csv(...rows), 'shop');
    expect(file.problems.map((p) => `${p.where}: ${p.message}`)).toEqual(problems);
    expect(JSON.stringify(file.problems)).not.toContain('ada-at-example');
  });

  it('refuses unknown and missing columns at line 1, and a broken CSV by its line', () => {
    const columns = readCsvOrders('o.csv', 'order_id,placed_at,emial\n', 'shop');
    expect(columns.problems).toContainEqual({ where: 'o.csv:1', message: 'column "email" is missing' });
    expect(columns.problems.map((p) => p.message).filter((m) => m.includes('missing'))).toEqual(
      ['currency', 'total', 'customer_id', 'email', 'sku', 'title', 'quantity', 'unit_price'].map(
        (c) => `column "${c}" is missing`,
      ),
    );
    expect(columns.problems[0].message).toMatch(/^unknown column "emial" \(the columns are: order_id, placed_at, /);
    const broken = readCsvOrders('o.csv', csv('1,"unclosed'), 'shop');
    expect(broken.problems).toEqual([{ where: 'o.csv:2', message: 'not valid CSV (CSV_QUOTE_NOT_CLOSED)' }]);
  });
});

describe('a Shopify orders export', () => {
  const cancelled = {
    ...shopifyOrder,
    id: 5001,
    admin_graphql_api_id: 'gid://shopify/Order/5001',
    cancelled_at: '2026-03-03T09:00:00+09:00',
  };
  const refunded = {
    ...shopifyOrder,
    id: 5002,
    admin_graphql_api_id: 'gid://shopify/Order/5002',
    financial_status: 'refunded',
    refunds: [{ created_at: '2026-03-05T09:00:00+09:00' }],
  };
  const phoneOnly = {
    ...shopifyOrder,
    id: 5003,
    admin_graphql_api_id: 'gid://shopify/Order/5003',
    email: null,
    contact_email: null,
    customer: { ...shopifyOrder.customer, email: null },
  };

  it.each([
    [
      '{ "orders": [...] }',
      JSON.stringify({ orders: [shopifyOrder, cancelled, refunded, phoneOnly] }),
      ['e.json: orders[0]', 'e.json: orders[1]', 'e.json: orders[2]'],
      'e.json: orders[3]',
    ],
    [
      'JSON lines',
      [shopifyOrder, cancelled, refunded, phoneOnly].map((o) => JSON.stringify(o)).join('\n'),
      ['e.json:1', 'e.json:2', 'e.json:3'],
      'e.json:4',
    ],
  ])('reads %s as the webhook does, with cancellations and full refunds as events', (_, text, where, skippedAt) => {
    const file = readShopifyOrders('e.json', text, 'my-shop.myshopify.com');
    expect(file.problems).toEqual([]);
    expect(file.items.map((i) => i.where)).toEqual(where);
    expect(file.items[0].order).toMatchObject({
      storeId: 'my-shop.myshopify.com',
      orderId: '820982911946154508',
      customer: { id: '115310627314723954' },
    });
    expect(file.items.map((i) => i.events)).toEqual([
      [],
      [{ type: 'order.cancelled', occurredAt: '2026-03-03T09:00:00+09:00' }],
      [{ type: 'order.refunded', occurredAt: '2026-03-05T09:00:00+09:00' }],
    ]);
    expect(file.skipped).toEqual([{ where: skippedAt, reason: 'the order has no email address' }]);
  });

  it('names a bad order by its place and field, and a broken line by its number', () => {
    const bad = readShopifyOrders(
      'e.json',
      JSON.stringify({ orders: [{ ...shopifyOrder, line_items: 'none' }] }),
      'shop',
    );
    expect(bad.problems).toEqual([
      { where: 'e.json: orders[0]', message: 'line_items: Invalid input: expected array, received string' },
    ]);
    const broken = readShopifyOrders('e.jsonl', `${JSON.stringify(shopifyOrder)}\n{"id": 1,\n`, 'shop');
    expect(broken.problems).toEqual([
      { where: 'e.jsonl:2', message: 'not valid JSON (a JSON-lines file holds one order per line)' },
    ]);
    const notExport = readShopifyOrders('e.json', JSON.stringify({ products: [] }), 'shop');
    expect(notExport.problems[0].message).toMatch(/^expected \{ "orders": \[ \.\.\. \] \}/);
  });
});
