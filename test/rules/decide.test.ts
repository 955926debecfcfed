import { StoreSettings } from '../../definitions/storeSchema';
import { recordConsent, recordOrder, startRuns } from '../../rules/applySignals';
import { preferenceOf } from '../../rules/consent';
import { decide, HELD_OUT_REASON } from '../../rules/decide';
import { heldOutNote } from '../../rules/journeyDetails';
import type { CustomerState } from '../../rules/journeyState';
import { emptyState, journey, order, product, runPlan, store } from '../support/fixtures';

const H = 3_600_000;
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service', sendWindow: 'anytime', expireAfter: '1d' },
    { id: 'how-to', template: 'how-to', category: 'service' },
    { id: 'offer', template: 'cross-sell', category: 'marketing' },
    { id: 'strict-offer', template: 'upsell', category: 'marketing', whenCapped: 'drop' },
    { id: 'short-offer', template: 'win-back', category: 'marketing', expireAfter: '12h' },
  ],
});

/** 15:00 in Tokyo (the customer's zone) on a weekday. */
const NOW = Date.parse('2026-03-10T06:00:00Z');

function setup(storeOverrides: object = {}, customer: object = {}): CustomerState {
  const o = order({
    placedAt: new Date(NOW - 2 * H).toISOString(),
    customer: { id: 'c-42', email: 'a@example.com', acceptsMarketing: true, timezone: 'Asia/Tokyo', ...customer },
  });
  const state = emptyState();
  recordOrder(state, o, NOW);
  const settings = StoreSettings.parse({ ...store, ...storeOverrides });
  startRuns(state, o, [{ ...runPlan(definition, [product('SERUM')]), store: settings }]);
  for (const m of state.runs[0].messages) m.dueAt = new Date(NOW).toISOString();
  return state;
}
const message = (state: CustomerState, stepId: string) => state.runs[0].messages.find((m) => m.stepId === stepId)!;
const sendMarketingAt = (state: CustomerState, at: number) =>
  Object.assign(message(state, 'offer'), { status: 'sent', resolvedAt: new Date(at).toISOString() });

describe('what happens to a due message', () => {
  it("skips a held-out customer's marketing, with the kind the report groups by, and still sends their service messages", () => {
    const state = setup();
    state.runs[0].heldOut = true;
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({ action: 'skip', kind: 'holdout', reason: HELD_OUT_REASON });
    expect(decide(state, state.runs[0], message(state, 'hello'), NOW)).toEqual({ action: 'send' });
    expect(heldOutNote(state.runs)).toBe(' · held out of j (control group: no marketing from it)');
    state.runs[0].heldOut = undefined;
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({ action: 'send' });
    expect(heldOutNote(state.runs)).toBe('');
  });

  it('answers the order at any hour, but waits for the window for scheduled messages', () => {
    const night = Date.parse('2026-03-10T17:00:00Z'); // 02:00 in Tokyo
    const state = setup();
    for (const m of state.runs[0].messages) m.dueAt = new Date(night).toISOString();
    expect(decide(state, state.runs[0], message(state, 'hello'), night)).toEqual({ action: 'send' });
    expect(decide(state, state.runs[0], message(state, 'how-to'), night)).toEqual({
      action: 'defer',
      until: Date.parse('2026-03-11T00:00:00Z'),
      reason: 'outside send window 09:00-20:00 Asia/Tokyo',
    });
  });

  it("uses the store's window and zone when the customer's zone is unknown", () => {
    const state = setup({ sending: { window: { start: '10:00', end: '18:00' } }, timezone: 'Europe/Berlin' }, { timezone: undefined });
    // 06:00Z is 07:00 in Berlin.
    expect(decide(state, state.runs[0], message(state, 'how-to'), NOW)).toMatchObject({ action: 'defer', until: Date.parse('2026-03-10T09:00:00Z') });
  });

  it('skips a message whose moment passed long ago (a late order) instead of sending a burst', () => {
    const state = setup();
    const late = NOW + 26 * H;
    expect(decide(state, state.runs[0], message(state, 'hello'), late)).toEqual({
      action: 'skip',
      kind: 'expired',
      reason: `expired: due ${new Date(NOW).toISOString()}, more than 1d ago`,
    });
  });

  it('defers marketing past the frequency cap, drops it where the step says so or it would expire', () => {
    const state = setup();
    sendMarketingAt(state, NOW - 2 * H);
    expect(decide(state, state.runs[0], message(state, 'strict-offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'frequency-cap',
      reason: 'frequency cap (at most 1 per 20h and 3 per 7 days)',
    });
    expect(decide(state, state.runs[0], message(state, 'short-offer'), NOW)).toMatchObject({ action: 'skip' });
    // 18 hours later is 09:00 in Tokyo next day... wait for the cap (04:00Z), then for the window (00:00Z is before it).
    expect(decide(state, state.runs[0], message(state, 'how-to'), NOW)).toEqual({ action: 'send' }); // service: never capped
  });

  it('combines cap and window in the deferral reason', () => {
    const state = setup();
    sendMarketingAt(state, NOW - 10 * H); // next allowed at NOW + 10h = 01:00 in Tokyo → window opens 09:00
    const strict = message(state, 'strict-offer');
    Object.assign(strict, { status: 'skipped' });
    const upsell = state.runs[0].messages.find((m) => m.stepId === 'strict-offer')!;
    expect(upsell.status).toBe('skipped');
    const decision = decide(state, state.runs[0], { ...message(state, 'short-offer'), key: 'x', stepId: 'offer-2', stepIndex: 2, status: 'pending' }, NOW);
    expect(decision).toEqual({
      action: 'defer',
      until: Date.parse('2026-03-11T00:00:00Z'),
      reason: 'frequency cap (at most 1 per 20h and 3 per 7 days); outside send window 09:00-20:00 Asia/Tokyo',
    });
  });

  it('applies an unsubscribe or a pause to marketing not yet sent, never to service', () => {
    const state = setup();
    recordConsent(state, preferenceOf({ storeId: 'default', customerId: 'c-42', marketing: 'unsubscribed', occurredAt: new Date(NOW).toISOString(), source: 'one-click' }), NOW);
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({ action: 'skip', kind: 'consent', reason: 'unsubscribed from marketing' });
    expect(decide(state, state.runs[0], message(state, 'how-to'), NOW)).toEqual({ action: 'send' });

    const paused = setup();
    const until = new Date(NOW + 30 * 24 * H).toISOString();
    recordConsent(paused, preferenceOf({ storeId: 'default', customerId: 'c-42', marketing: 'paused', until, occurredAt: new Date(NOW).toISOString(), source: 'preference-page' }), NOW);
    expect(decide(paused, paused.runs[0], message(paused, 'offer'), NOW)).toEqual({ action: 'skip', kind: 'consent', reason: `marketing paused until ${until}` });
  });

  it('an older consent change never overrides a newer one', () => {
    const state = setup();
    recordConsent(state, preferenceOf({ storeId: 'default', customerId: 'c-42', marketing: 'unsubscribed', occurredAt: new Date(NOW).toISOString(), source: 'one-click' }), NOW);
    recordConsent(state, preferenceOf({ storeId: 'default', customerId: 'c-42', marketing: 'subscribed', occurredAt: new Date(NOW - H).toISOString(), source: 'store' }), NOW);
    expect(state.marketing?.status).toBe('unsubscribed');
  });

  it('soft opt-in covers existing customers only where the store enables it', () => {
    const first = setup({ sending: { softOptIn: true } }, { acceptsMarketing: false });
    expect(decide(first, first.runs[0], message(first, 'offer'), NOW)).toEqual({ action: 'skip', kind: 'consent', reason: 'no marketing consent' });
    const repeat = setup({ sending: { softOptIn: true } }, { acceptsMarketing: false });
    repeat.orders.unshift({ orderId: '900', placedAt: '2025-01-01T00:00:00Z', total: '10', currency: 'USD' });
    expect(decide(repeat, repeat.runs[0], message(repeat, 'offer'), NOW)).toEqual({ action: 'send' });
    const noSoftOptIn = setup({}, { acceptsMarketing: false });
    noSoftOptIn.orders.unshift({ orderId: '900', placedAt: '2025-01-01T00:00:00Z', total: '10', currency: 'USD' });
    expect(decide(noSoftOptIn, noSoftOptIn.runs[0], message(noSoftOptIn, 'offer'), NOW)).toMatchObject({ action: 'skip' });
  });
});
