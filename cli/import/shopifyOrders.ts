import { z } from 'zod';
import { mapShopifyOrder } from '../../api/shopify/mapOrder';
import { ShopifyOrder } from '../../api/shopify/shopifyOrderSchema';
import type { ImportFile, ImportProblem, PastEvent } from './importFile';
import { parseOrder } from './importFile';
import { issueLines, issuePath } from '../../domain/zodIssues';

/**
 * What an export tells beyond the webhook's order: whether it was cancelled or fully refunded since (an export holds
 * old orders; a webhook only new ones). Read beside ShopifyOrder, which stays the webhook's schema.
 */
const ShopifyOrderSince = z.object({
  cancelled_at: z.iso.datetime({ offset: true }).nullish(),
  financial_status: z.string().nullish(),
  refunds: z.array(z.object({ created_at: z.iso.datetime({ offset: true }) })).nullish(),
  updated_at: z.iso.datetime({ offset: true }).nullish(),
});

function eventsSince(since: z.infer<typeof ShopifyOrderSince>): PastEvent[] {
  const events: PastEvent[] = [];
  if (since.cancelled_at) events.push({ type: 'order.cancelled', occurredAt: since.cancelled_at });
  // Partial refunds leave the order kept: only a full refund ends it.
  if (since.financial_status === 'refunded') {
    const refundedAt =
      since.refunds
        ?.map((r) => r.created_at)
        .sort()
        .at(-1) ?? since.updated_at;
    if (refundedAt) events.push({ type: 'order.refunded', occurredAt: refundedAt });
  }
  return events;
}

/** The Shopify orders of a file: `{ "orders": [...] }` (the Admin REST shape) or JSON lines, one order per line. */
function records(file: string, text: string): { where: string; value: unknown }[] | ImportProblem {
  const trimmed = text.trim();
  try {
    const whole: unknown = JSON.parse(trimmed);
    const orders: unknown = (whole as { orders?: unknown }).orders;
    if (!Array.isArray(orders))
      return { where: file, message: 'expected { "orders": [ ... ] } (a Shopify orders export) or one order per line' };
    return (orders as unknown[]).map((value, i) => ({ where: `${file}: orders[${i}]`, value }));
  } catch {
    // Not one JSON document: JSON lines.
  }
  const lines: { where: string; value: unknown }[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      lines.push({ where: `${file}:${i + 1}`, value: JSON.parse(line) });
    } catch {
      return { where: `${file}:${i + 1}`, message: 'not valid JSON (a JSON-lines file holds one order per line)' };
    }
  }
  return lines;
}

const located = (where: string, error: z.ZodError): ImportProblem[] =>
  issueLines(error, 'the order').map((message) => ({ where, message }));

/** Reads a Shopify orders export: each order validated as the orders/create webhook is, then as the API's Order. */
export function readShopifyOrders(file: string, text: string, storeId: string): ImportFile {
  const found = records(file, text);
  if (!Array.isArray(found)) return { items: [], skipped: [], problems: [found] };
  const result: ImportFile = { items: [], problems: [], skipped: [] };
  for (const { where, value } of found) {
    const shopify = ShopifyOrder.safeParse(value);
    const since = ShopifyOrderSince.safeParse(value);
    if (!shopify.success || !since.success) {
      result.problems.push(
        ...(shopify.success ? [] : located(where, shopify.error)),
        ...(since.success ? [] : located(where, since.error)),
      );
      continue;
    }
    const mapped = mapShopifyOrder(shopify.data, storeId);
    if ('skipped' in mapped) {
      result.skipped.push({ where, reason: mapped.skipped });
      continue;
    }
    const parsed = parseOrder(mapped.order, storeId, (path) => ({
      where,
      field: issuePath(path, 'the order'),
    }));
    if ('problems' in parsed) result.problems.push(...parsed.problems);
    else result.items.push({ order: parsed.order, events: eventsSince(since.data), where });
  }
  return result;
}
