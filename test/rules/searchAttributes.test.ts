import { recordConsent, recordOrder, startRuns } from '../../rules/applySignals';
import { refreshRun } from '../../rules/schedule';
import { changedSearchValues, journeySearchValues } from '../../rules/searchAttributes';
import { emptyState, journey, order, product, runPlan } from '../support/fixtures';

const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service' },
    { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '10d' } },
    { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery' } },
  ],
});

describe('search attributes', () => {
  it('say where the customer is, what is next and when, by ids only', () => {
    const o = order({ placedAt: '2026-03-02T01:00:00Z' });
    const state = emptyState();
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'new', NextMessageAt: null, OrderIds: [] });
    recordOrder(state, o, 0);
    startRuns(state, o, [runPlan(definition, [product('SERUM')])]);
    refreshRun(state.runs[0], Date.parse(o.placedAt));
    expect(journeySearchValues(state)).toEqual({
      JourneyStage: 'hello',
      NextMessageAt: '2026-03-02T01:00:00.000Z',
      OrderIds: ['1001'],
      LastOrderAt: '2026-03-02T01:00:00.000Z',
      MarketingStatus: 'subscribed',
    });
    Object.assign(state.runs[0].messages[0], { status: 'sent', resolvedAt: o.placedAt });
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'awaiting-delivery', NextMessageAt: null });
    recordConsent(state, { storeId: 'default', customerId: 'c-42', marketing: 'unsubscribed', occurredAt: o.placedAt, source: 'one-click' }, 0);
    state.paused = { by: 'x', reason: 'why', at: o.placedAt };
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'paused', MarketingStatus: 'unsubscribed' });
  });

  it('upserts only what changed', () => {
    const before = { JourneyStage: 'hello', NextMessageAt: 'a', OrderIds: ['1'], LastOrderAt: 'b', MarketingStatus: 'subscribed' };
    expect(changedSearchValues(before, { ...before })).toEqual({});
    expect(changedSearchValues(before, { ...before, JourneyStage: 'how-to', OrderIds: ['1', '2'] })).toEqual({ JourneyStage: 'how-to', OrderIds: ['1', '2'] });
    expect(changedSearchValues({}, before)).toEqual(before);
  });
});
