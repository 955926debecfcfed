import { recordOrder, startRuns } from '../../rules/applySignals';
import { decide, recommendedSkus } from '../../rules/decide';
import type { CustomerState } from '../../rules/journeyState';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const H = 3_600_000;
/** 15:00 in Tokyo (the customer's zone) on a weekday. */
const NOW = Date.parse('2026-03-10T06:00:00Z');
const message = (state: CustomerState, stepId: string) => state.runs[0].messages.find((m) => m.stepId === stepId)!;

describe('what a cross-sell or upsell recommends (decide)', () => {
  const offers = journey({
    id: 'offers',
    name: 'Offers',
    trigger: { event: 'order.placed' },
    steps: [
      { id: 'cross', template: 'cross-sell', category: 'marketing', recommend: 'crossSell' },
      { id: 'up', template: 'upsell', category: 'marketing', recommend: 'upsell' },
    ],
  });
  function offered(catalog: ReturnType<typeof product>[]) {
    const o = order({
      placedAt: new Date(NOW - 2 * H).toISOString(),
      lineItems: [
        { sku: 'SERUM', title: 'Serum', quantity: 1, unitPrice: '49.00' },
        // Not in the catalog (a gift card): it has nothing to recommend and must not stop the serum's offers.
        { sku: 'GIFTCARD', title: 'Gift card', quantity: 1, unitPrice: '25.00' },
      ],
      customer: { id: 'c-42', email: 'a@example.com', acceptsMarketing: true, timezone: 'Asia/Tokyo' },
    });
    const state = emptyState();
    recordOrder(state, o, NOW);
    startRuns(state, o, [runPlan(offers, catalog)]);
    for (const m of state.runs[0].messages) m.dueAt = new Date(NOW).toISOString();
    return state;
  }

  it('recommends the complements of the products the catalog knows, past one it does not', () => {
    const state = offered([
      product('SERUM', { crossSell: ['MASK'], upsell: ['SERUM-XL'] }),
      product('MASK'),
      product('SERUM-XL'),
    ]);
    expect(recommendedSkus(state.runs[0], null, 'crossSell')).toEqual(['MASK']);
    expect(recommendedSkus(state.runs[0], null, 'upsell')).toEqual(['SERUM-XL']);
    expect(decide(state, state.runs[0], message(state, 'cross'), NOW)).toEqual({ action: 'send' });
  });

  it.each([
    ['cross', 'no cross-sell products for this order'],
    ['up', 'no upsell products for this order'],
  ])('skips the %s step when there is nothing to recommend, and says which', (stepId, reason) => {
    const state = offered([product('SERUM')]);
    expect(decide(state, state.runs[0], message(state, stepId), NOW)).toEqual({
      action: 'skip',
      kind: 'nothing-to-recommend',
      reason,
    });
  });
});
