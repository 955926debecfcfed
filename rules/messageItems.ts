import type { Product } from '../definitions/catalogSchema';
import type { JourneyRun, MessageItem, SingleItem } from './journeyState';

/** The single items a message is about: none for the whole order, one, or the combined ones. */
export function singleItems(item: MessageItem): SingleItem[] {
  if (item === null) return [];
  return item.kind === 'combined' ? item.items : [item];
}

/** The SKUs a message is about, or undefined for a message about the whole order. */
export function itemSkus(item: MessageItem): string[] | undefined {
  return item === null ? undefined : [...new Set(singleItems(item).map((i) => i.sku))];
}

function singleKey(item: SingleItem): string {
  return item.kind === 'product' ? item.sku : `${item.sku}#${item.index}`;
}

/** The item's part of a message's idempotency key: stable, and unique within its step. */
export function itemKey(item: MessageItem): string {
  if (item === null) return 'order';
  if (item.kind !== 'combined') return singleKey(item);
  // The first item belongs to this group only, so it names the group.
  return `${singleKey(item.items[0])}+${item.items.length - 1}`;
}

function singleLabel(products: Record<string, Product>, item: SingleItem): string {
  if (item.kind === 'product') return item.sku;
  const week = products[item.sku]?.milestones[item.index]?.week;
  return `week ${week ?? `#${item.index + 1}`} ${item.sku}`;
}

/** What support and marketers read: "VC-SERUM-30", "week 2 VC-SERUM-30", "3 products: A, B, C". Ids only. */
export function itemLabel(run: Pick<JourneyRun, 'products'>, item: MessageItem): string {
  if (item === null) return '';
  if (item.kind !== 'combined') return singleLabel(run.products, item);
  const skus = itemSkus(item)!;
  const first = item.items[0];
  const week =
    first.kind === 'milestone' ? `week ${run.products[first.sku]?.milestones[first.index]?.week ?? '?'}, ` : '';
  return `${week}${skus.length} products: ${skus.join(', ')}`;
}

/**
 * An order's per-product (or per-milestone) messages of one step, combined when the order has more products than
 * `limit`: the items that fall due on the same day (same offset) become one message, so an order of 40 products
 * sends one how-to, not 40. Up to the limit every item keeps its own message.
 */
export function combineItems(
  items: SingleItem[],
  limit: number | undefined,
  offsetOf: (item: SingleItem) => number | undefined,
): MessageItem[] {
  const products = new Set(items.map((i) => i.sku)).size;
  if (limit === undefined || products <= limit) return items;
  const groups = new Map<string, SingleItem[]>();
  for (const item of items) {
    const key = String(offsetOf(item));
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? group[0] : { kind: 'combined', items: group }));
}
