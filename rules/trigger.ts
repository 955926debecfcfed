import type { Product } from '../definitions/catalogSchema';
import type { JourneyDefinition } from '../definitions/journeySchema';
import type { Order } from '../domain/order';

/** Whether a journey starts for this order: every filter given must match. */
export function journeyMatches(
  journey: JourneyDefinition,
  order: Order,
  facts: { firstOrder: boolean; becameVip?: boolean },
  products: Record<string, Product>,
): boolean {
  const f = journey.trigger.filters;
  const skus = order.lineItems.map((l) => l.sku);
  // Stryker disable next-line ArrayDeclaration: a made-up tag in place of "no tags" matches no journey's filter
  const tags = order.lineItems.flatMap((l) => [...(l.productTags ?? []), ...(products[l.sku]?.tags ?? [])]);
  const total = Number(order.total);
  return (
    (f.skus === undefined || f.skus.some((s) => skus.includes(s))) &&
    (f.productTags === undefined || f.productTags.some((t) => tags.includes(t))) &&
    (f.firstOrder === undefined || f.firstOrder === facts.firstOrder) &&
    (f.becameVip === undefined || f.becameVip === !!facts.becameVip) &&
    (f.minTotal === undefined || total >= f.minTotal) &&
    (f.maxTotal === undefined || total <= f.maxTotal)
  );
}
