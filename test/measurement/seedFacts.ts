import type { Order } from '../../domain/order';
import type { Stores } from '../../storage';
import { iso } from '../../rules/iso';

export const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 10, 9);
export const NOW = T0 + 100 * DAY;
const WINDOW = 5 * DAY;
const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

const order = (customerId: string, orderId: string, at: number, total: string): Order => ({
  storeId: 'shop',
  orderId,
  placedAt: iso(at),
  currency: 'USD',
  total,
  customer: { id: customerId, email: `${customerId}@example.com`, acceptsMarketing: true },
  lineItems: [{ sku: 'serum', title: 'Serum', quantity: 1, unitPrice: total }],
});

/**
 * 40 treated and 40 held-out customers enter the journey with a $50 order; the treated get the cross-sell, the
 * held-out have it skipped. 10 treated click it and reorder within the window ($30), 2 more reorder without a click
 * (one refunded), 4 held-out reorder. One more treated customer entered only 20 days ago.
 */
export async function seed({ facts }: Stores): Promise<void> {
  const message = (customerId: string, step: string, outcome: 'sent' | 'skipped', at: number, extra = {}) =>
    facts.recordOutcome({
      storeId: 'shop',
      customerId,
      orderId: `first-${customerId}`,
      messageKey: `first-${customerId}/post-purchase/${step}`,
      journeyId: 'post-purchase',
      journeyVersion: 'v1',
      stepId: step,
      category: step === 'cross-sell' ? 'marketing' : 'service',
      outcome,
      at,
      ...extra,
    });
  const enter = async (customerId: string, heldOut: boolean, at: number) => {
    await facts.recordOrder(order(customerId, `first-${customerId}`, at, '50.00'), WINDOW);
    await facts.recordEntries([
      {
        storeId: 'shop',
        journeyId: 'post-purchase',
        customerId,
        orderId: `first-${customerId}`,
        journeyVersion: 'v1',
        heldOut,
        at,
      },
    ]);
    await message(customerId, 'reassurance', 'sent', at + 60_000);
  };
  for (let i = 0; i < 40; i++) {
    await enter(`t-${i}`, false, T0);
    await message(`t-${i}`, 'cross-sell', 'sent', T0 + 10 * DAY);
    await enter(`h-${i}`, true, T0);
    await message(`h-${i}`, 'cross-sell', 'skipped', T0 + 10 * DAY, {
      heldOut: true,
      reasonKind: 'holdout',
      reason: 'held out',
    });
  }
  const click = (customerId: string, method: string, at: number) =>
    facts.recordClick({
      storeId: 'shop',
      customerId,
      messageKey: `first-${customerId}/post-purchase/cross-sell`,
      journeyId: 'post-purchase',
      stepId: 'cross-sell',
      link: 'https://shop.example/p/mask',
      method,
      userAgent: BROWSER,
      at,
    });
  for (let i = 0; i < 10; i++) await click(`t-${i}`, 'GET', T0 + 10 * DAY + 3_600_000);
  await click('t-0', 'HEAD', T0 + 10 * DAY + 7_200_000);
  for (let i = 0; i < 12; i++) await facts.recordOrder(order(`t-${i}`, `again-t-${i}`, T0 + 12 * DAY, '30.00'), WINDOW);
  await facts.recordEvent({
    type: 'order.refunded',
    storeId: 'shop',
    customerId: 't-11',
    orderId: 'again-t-11',
    occurredAt: iso(T0 + 14 * DAY),
  });
  for (let i = 0; i < 4; i++) await facts.recordOrder(order(`h-${i}`, `again-h-${i}`, T0 + 12 * DAY, '30.00'), WINDOW);
  await enter('young', false, NOW - 20 * DAY);
}
