import { recordConsent, recordOrder, startRuns } from '../../rules/applySignals';
import { preferenceOf } from '../../rules/consent';
import { refreshRun } from '../../rules/schedule';
import { changedSearchValues, journeySearchValues } from '../../rules/searchAttributes';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

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
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'unsubscribed',
        occurredAt: o.placedAt,
        source: 'one-click',
      }),
      0,
    );
    state.paused = { by: 'x', reason: 'why', at: o.placedAt };
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'paused', MarketingStatus: 'unsubscribed' });
  });

  it('take the next message from running journeys only, the earliest first, and none while support pauses', () => {
    const earlier = order({ orderId: '1001', placedAt: '2026-03-01T01:00:00Z' });
    const later = order({ orderId: '1002', placedAt: '2026-03-02T01:00:00Z' });
    const state = emptyState();
    for (const o of [earlier, later]) {
      recordOrder(state, o, 0);
      startRuns(state, o, [runPlan(definition, [product('SERUM')])]);
      refreshRun(state.runs.at(-1)!, Date.parse(o.placedAt));
    }
    const [first, second] = state.runs;
    Object.assign(first.messages[0], { status: 'sent', resolvedAt: earlier.placedAt });
    // Next: the second order's hello; the first run waits for its delivery (its how-to has no time yet).
    expect(journeySearchValues(state)).toMatchObject({
      JourneyStage: 'hello',
      NextMessageAt: '2026-03-02T01:00:00.000Z',
      OrderIds: ['1001', '1002'],
      LastOrderAt: '2026-03-02T01:00:00.000Z',
    });
    // The second run ended (a refund): its hello, still pending, is not what comes next.
    second.status = 'exited';
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'awaiting-delivery', NextMessageAt: null });
    // Every message of the running journey resolved, its wait still open: active, with nothing next.
    Object.assign(first.messages[1], { status: 'skipped', resolvedAt: earlier.placedAt, reason: 'test' });
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'active', NextMessageAt: null });
    second.status = 'active';
    state.paused = { by: 'x', reason: 'why', at: later.placedAt };
    expect(journeySearchValues(state)).toMatchObject({ JourneyStage: 'paused', NextMessageAt: null });
  });

  it('in lean mode keep the phase but not the next message, so sending an email changes nothing to upsert', () => {
    const o = order({ placedAt: '2026-03-02T01:00:00Z' });
    const state = emptyState();
    recordOrder(state, o, 0);
    startRuns(state, o, [runPlan(definition, [product('SERUM')])]);
    refreshRun(state.runs[0], Date.parse(o.placedAt));
    const lean = journeySearchValues(state, 'lean');
    expect(lean).toEqual({
      JourneyStage: 'in-journey',
      OrderIds: ['1001'],
      LastOrderAt: '2026-03-02T01:00:00.000Z',
      MarketingStatus: 'subscribed',
    });
    Object.assign(state.runs[0].messages[0], { status: 'sent', resolvedAt: o.placedAt });
    expect(journeySearchValues(state, 'lean')).toMatchObject({ JourneyStage: 'awaiting-delivery' });
    state.runs[0].waits[0].resolvedAt = '2026-03-04T01:00:00Z';
    refreshRun(state.runs[0], Date.parse('2026-03-04T01:00:00Z'));
    const afterDelivery = journeySearchValues(state, 'lean');
    expect(afterDelivery.JourneyStage).toBe('in-journey');
    // In full mode the same step changes both the stage and the next message time: one more upsert per email.
    expect(journeySearchValues(state, 'full')).toMatchObject({
      JourneyStage: 'how-to',
      NextMessageAt: '2026-03-04T01:00:00.000Z',
    });
  });

  it('name the journey versions of running runs only', () => {
    const o = order({ placedAt: '2026-03-02T01:00:00Z' });
    const state = emptyState();
    recordOrder(state, o, 0);
    startRuns(state, o, [runPlan(definition, [product('SERUM')])]);
    const version = state.runs[0].version;
    expect(journeySearchValues(state, 'full', true).JourneyVersions).toEqual([`j@${version}`]);
    expect(journeySearchValues(state, 'full', false).JourneyVersions).toBeUndefined();
    state.runs[0].status = 'exited';
    expect(journeySearchValues(state, 'lean', true).JourneyVersions).toEqual([]);
  });

  it('carry the keyed address hash once the journey knows one, and only where the patch allows', () => {
    const state = emptyState();
    expect(journeySearchValues(state, 'full', true, true).EmailHash).toBeUndefined();
    state.emailHash = 'a'.repeat(64);
    expect(journeySearchValues(state, 'lean', true, true).EmailHash).toBe('a'.repeat(64));
    expect(journeySearchValues(state, 'full', true, false).EmailHash).toBeUndefined();
  });

  it('upserts only what changed', () => {
    const before = {
      JourneyStage: 'hello',
      NextMessageAt: 'a',
      OrderIds: ['1'],
      LastOrderAt: 'b',
      MarketingStatus: 'subscribed',
    };
    expect(changedSearchValues(before, { ...before })).toEqual({});
    expect(changedSearchValues(before, { ...before, JourneyStage: 'how-to', OrderIds: ['1', '2'] })).toEqual({
      JourneyStage: 'how-to',
      OrderIds: ['1', '2'],
    });
    expect(changedSearchValues({}, before)).toEqual(before);
  });
});
