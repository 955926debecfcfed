import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { OrderInput } from '../../domain/order';
import { type ImportFile, type ImportItem, type ImportProblem, parseOrder, type PastEvent } from './importFile';

const required = z.string({ error: 'is required' }).min(1, 'is required');
const optional = z.string().optional();
const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with an offset, e.g. 2025-03-01T10:00:00Z',
});

/**
 * The CSV columns (docs/integrations/import.md): one row per line item; the rows of one order follow each other
 * and repeat the order's columns, which must agree. Empty cells are absent values.
 */
const OrderColumns = z.object({
  order_id: required,
  placed_at: instant,
  currency: required,
  total: required,
  customer_id: required,
  email: required,
  first_name: optional,
  last_name: optional,
  locale: optional,
  timezone: optional,
  accepts_marketing: z
    .enum(['true', 'false', 'yes', 'no', '1', '0'], { error: 'must be true or false (or yes/no, 1/0)' })
    .transform((v) => ['true', 'yes', '1'].includes(v))
    .optional(),
  country: optional,
  province: optional,
  postal_code: optional,
  cancelled_at: instant.optional(),
  refunded_at: instant.optional(),
});
const LineColumns = z.object({
  sku: required,
  title: required,
  quantity: z.string({ error: 'is required' }).regex(/^\d+$/, 'must be a whole number').transform(Number),
  unit_price: required,
  product_tags: z
    .string()
    .transform((tags) =>
      tags
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .optional(),
});
const ORDER_COLUMNS = Object.keys(OrderColumns.shape);
const COLUMN_SCHEMAS: Record<string, z.ZodType> = { ...OrderColumns.shape, ...LineColumns.shape };
const CSV_COLUMNS = Object.keys(COLUMN_SCHEMAS);
/** A column is required when its schema refuses an absent cell. */
const REQUIRED_COLUMNS = CSV_COLUMNS.filter((c) => !COLUMN_SCHEMAS[c].safeParse(undefined).success);

/** The column an Order schema path comes from, for the messages. */
const COLUMN_OF: Record<string, string> = {
  orderId: 'order_id',
  placedAt: 'placed_at',
  currency: 'currency',
  total: 'total',
  'customer.id': 'customer_id',
  'customer.email': 'email',
  'customer.firstName': 'first_name',
  'customer.lastName': 'last_name',
  'customer.locale': 'locale',
  'customer.timezone': 'timezone',
  'shippingAddress.country': 'country',
  'shippingAddress.province': 'province',
  'shippingAddress.postalCode': 'postal_code',
  sku: 'sku',
  title: 'title',
  quantity: 'quantity',
  unitPrice: 'unit_price',
  productTags: 'product_tags',
};

interface Row {
  line: number;
  cells: Record<string, string>;
}

const issuesAt = (where: string, error: z.ZodError): ImportProblem[] =>
  error.issues.map((i) => ({ where, message: `column "${String(i.path[0])}": ${i.message}` }));

/** The rows of one order as an order, or what is wrong with them (by line and column). */
function orderOf(file: string, rows: Row[], storeId: string): ImportItem | ImportProblem[] {
  const where = (row: Row) => `${file}:${row.line}`;
  const head = OrderColumns.safeParse(rows[0].cells);
  const problems: ImportProblem[] = head.success ? [] : issuesAt(where(rows[0]), head.error);
  for (const row of rows.slice(1))
    for (const column of ORDER_COLUMNS)
      if ((row.cells[column] ?? '') !== (rows[0].cells[column] ?? ''))
        problems.push({
          where: where(row),
          message: `column "${column}" differs from the order's first row (line ${rows[0].line}): the rows of one order repeat its columns`,
        });
  const lines = rows.map((row) => LineColumns.safeParse(row.cells));
  lines.forEach((parsed, i) => !parsed.success && problems.push(...issuesAt(where(rows[i]), parsed.error)));
  if (!head.success || problems.length) return problems;
  const o = head.data;
  const input: OrderInput = {
    orderId: o.order_id,
    placedAt: o.placed_at,
    currency: o.currency,
    total: o.total,
    customer: {
      id: o.customer_id,
      email: o.email,
      ...(o.first_name && { firstName: o.first_name }),
      ...(o.last_name && { lastName: o.last_name }),
      ...(o.locale && { locale: o.locale }),
      ...(o.timezone && { timezone: o.timezone }),
      acceptsMarketing: o.accepts_marketing ?? false,
    },
    lineItems: lines.map((l) => {
      const line = l.data!;
      return {
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        unitPrice: line.unit_price,
        ...(line.product_tags && { productTags: line.product_tags }),
      };
    }),
    ...(o.country && {
      shippingAddress: {
        country: o.country,
        ...(o.province && { province: o.province }),
        ...(o.postal_code && { postalCode: o.postal_code }),
      },
    }),
  };
  const parsed = parseOrder(input, storeId, (path) => {
    // A line item's problem points at its own row.
    if (path[0] === 'lineItems' && typeof path[1] === 'number' && rows[path[1]])
      return { where: where(rows[path[1]]), field: `column "${COLUMN_OF[String(path[2])] ?? String(path[2])}"` };
    const key = path.map(String).join('.');
    return { where: where(rows[0]), field: COLUMN_OF[key] ? `column "${COLUMN_OF[key]}"` : key || 'the order' };
  });
  if ('problems' in parsed) return parsed.problems;
  const events: PastEvent[] = [
    ...(o.cancelled_at ? [{ type: 'order.cancelled' as const, occurredAt: o.cancelled_at }] : []),
    ...(o.refunded_at ? [{ type: 'order.refunded' as const, occurredAt: o.refunded_at }] : []),
  ];
  return { order: parsed.order, events, where: where(rows[0]) };
}

/** Reads a CSV of orders (CSV_COLUMNS, a header row first); `file` names it in messages. */
export function readCsvOrders(file: string, text: string, storeId: string): ImportFile {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    records = parse(text, {
      columns: (names: string[]) => (header = names.map((n) => n.trim().toLowerCase())),
      info: true,
      skip_empty_lines: true,
      bom: true,
    });
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    // csv-parse's messages name the line and the lengths, never a cell's content.
    return {
      items: [],
      skipped: [],
      problems: [{ where: `${file}:${e.lines ?? 1}`, message: `not valid CSV (${e.code ?? e.message})` }],
    };
  }
  const unknown = header.filter((c) => !CSV_COLUMNS.includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length || missing.length)
    return {
      items: [],
      skipped: [],
      problems: [
        ...unknown.map((c) => ({
          where: `${file}:1`,
          message: `unknown column "${c}" (the columns are: ${CSV_COLUMNS.join(', ')})`,
        })),
        ...missing.map((c) => ({ where: `${file}:1`, message: `column "${c}" is missing` })),
      ],
    };

  const groups: Row[][] = [];
  const firstLineOf = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const { record, info } of records) {
    const cells = Object.fromEntries(
      Object.entries(record)
        .filter(([, v]) => v.trim() !== '')
        .map(([k, v]) => [k, v.trim()]),
    );
    const row = { line: info.lines, cells };
    const last = groups.at(-1);
    const orderId = cells.order_id ?? '';
    if (last && (last[0].cells.order_id ?? '') === orderId) {
      last.push(row);
      continue;
    }
    const seen = firstLineOf.get(orderId);
    if (seen !== undefined && orderId !== '') {
      problems.push({
        where: `${file}:${row.line}`,
        message: `order_id repeats the order of line ${seen}: the rows of one order must follow each other`,
      });
      continue;
    }
    firstLineOf.set(orderId, row.line);
    groups.push([row]);
  }
  const items: ImportItem[] = [];
  for (const rows of groups) {
    const result = orderOf(file, rows, storeId);
    if (Array.isArray(result)) problems.push(...result);
    else items.push(result);
  }
  return { items, problems, skipped: [] };
}
