import { StoreSettings } from '../../definitions/storeSchema';
import { recordConsent, recordOrder, startRuns } from '../../rules/applySignals';
import { preferenceOf } from '../../rules/consent';
import { decide, HELD_OUT_REASON } from '../../rules/decide';
import { heldOutNote } from '../../rules/journeyDetails';
import type { CustomerState } from '../../rules/journeyState';
import { emptyState, journey, order, product, runPlan, store } from '../helpers/fixtures';

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
    { id: 'thanks', template: 'reassurance', category: 'service', sendWindow: 'anytime', ceiling: 'exempt' },
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
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'holdout',
      reason: HELD_OUT_REASON,
    });
    expect(decide(state, state.runs[0], message(state, 'hello'), NOW)).toEqual({ action: 'send' });
    expect(heldOutNote(state.runs)).toBe('held out of j (control group: no marketing from it)');
    state.runs[0].heldOut = undefined;
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({ action: 'send' });
    expect(heldOutNote(state.runs)).toBeUndefined();
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

  it("spreads held messages over the opening's first minutes, each customer at the same moment every day", () => {
    const night = Date.parse('2026-03-10T17:00:00Z'); // 02:00 in Tokyo
    const opening = Date.parse('2026-03-11T00:00:00Z');
    const deferredTo = (customerId: string, at = night) => {
      const state = setup({ sending: { openingSpreadMinutes: 30 } }, { id: customerId });
      const howTo = message(state, 'how-to');
      howTo.dueAt = new Date(at).toISOString();
      const decision = decide(state, state.runs[0], howTo, at);
      return decision.action === 'defer' ? decision.until - opening : undefined;
    };
    const offsets = ['c-1', 'c-2', 'c-3'].map((id) => deferredTo(id));
    expect(new Set(offsets).size).toBe(3);
    expect(offsets.every((offset) => offset !== undefined && offset >= 0 && offset < 30 * 60_000)).toBe(true);
    // The next night, the same moment after that morning's opening.
    expect(deferredTo('c-2', night + 24 * H)! - 24 * H).toBe(offsets[1]);
  });

  it('sends held messages at the opening itself on runs pinned before the spread existed', () => {
    const night = Date.parse('2026-03-10T17:00:00Z');
    const state = setup({ sending: { openingSpreadMinutes: 30 } });
    delete (state.runs[0].store.sending as { openingSpreadMinutes?: number }).openingSpreadMinutes;
    const howTo = message(state, 'how-to');
    howTo.dueAt = new Date(night).toISOString();
    expect(decide(state, state.runs[0], howTo, night)).toMatchObject({ until: Date.parse('2026-03-11T00:00:00Z') });
  });

  it("uses the store's window and zone when the customer's zone is unknown", () => {
    const state = setup(
      { sending: { window: { start: '10:00', end: '18:00' } }, timezone: 'Europe/Berlin' },
      { timezone: undefined },
    );
    // 06:00Z is 07:00 in Berlin.
    expect(decide(state, state.runs[0], message(state, 'how-to'), NOW)).toMatchObject({
      action: 'defer',
      until: Date.parse('2026-03-10T09:00:00Z'),
    });
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
    // short-offer expires after 12h, before the cap lets it go (18h from now): a deferral would outlive it.
    expect(decide(state, state.runs[0], message(state, 'short-offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'frequency-cap',
      reason: 'frequency cap (at most 1 per 20h and 3 per 7 days)',
    });
    // An ordinary marketing step waits for the cap: 18h from now is 00:00Z, 09:00 in Tokyo, inside the window.
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({
      action: 'defer',
      until: NOW + 18 * H,
      reason: 'frequency cap (at most 1 per 20h and 3 per 7 days)',
    });
    expect(decide(state, state.runs[0], message(state, 'how-to'), NOW)).toEqual({ action: 'send' }); // service: never capped
  });

  it('combines cap and window in the deferral reason', () => {
    const state = setup();
    sendMarketingAt(state, NOW - 10 * H); // next allowed at NOW + 10h = 01:00 in Tokyo → window opens 09:00
    const decision = decide(
      state,
      state.runs[0],
      { ...message(state, 'short-offer'), key: 'x', stepId: 'offer-2', stepIndex: 2, status: 'pending' },
      NOW,
    );
    expect(decision).toEqual({
      action: 'defer',
      until: Date.parse('2026-03-11T00:00:00Z'),
      reason: 'frequency cap (at most 1 per 20h and 3 per 7 days); outside send window 09:00-20:00 Asia/Tokyo',
    });
  });

  it('applies an unsubscribe or a pause to marketing not yet sent, never to service', () => {
    const state = setup();
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'unsubscribed',
        occurredAt: new Date(NOW).toISOString(),
        source: 'one-click',
      }),
      NOW,
    );
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'consent',
      reason: 'unsubscribed from marketing',
    });
    expect(decide(state, state.runs[0], message(state, 'how-to'), NOW)).toEqual({ action: 'send' });

    const paused = setup();
    const until = new Date(NOW + 30 * 24 * H).toISOString();
    recordConsent(
      paused,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'paused',
        until,
        occurredAt: new Date(NOW).toISOString(),
        source: 'preference-page',
      }),
      NOW,
    );
    expect(decide(paused, paused.runs[0], message(paused, 'offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'consent',
      reason: `marketing paused until ${until}`,
    });
  });

  it('an older consent change never overrides a newer one', () => {
    const state = setup();
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'unsubscribed',
        occurredAt: new Date(NOW).toISOString(),
        source: 'one-click',
      }),
      NOW,
    );
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'subscribed',
        occurredAt: new Date(NOW - H).toISOString(),
        source: 'store',
      }),
      NOW,
    );
    expect(state.marketing?.status).toBe('unsubscribed');
  });

  it('soft opt-in covers existing customers only where the store enables it', () => {
    const first = setup({ sending: { softOptIn: true } }, { acceptsMarketing: false });
    expect(decide(first, first.runs[0], message(first, 'offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'consent',
      reason: 'no marketing consent',
    });
    const repeat = setup({ sending: { softOptIn: true } }, { acceptsMarketing: false });
    repeat.orders.unshift({ orderId: '900', placedAt: '2025-01-01T00:00:00Z', total: '10', currency: 'USD' });
    expect(decide(repeat, repeat.runs[0], message(repeat, 'offer'), NOW)).toEqual({ action: 'send' });
    const noSoftOptIn = setup({}, { acceptsMarketing: false });
    noSoftOptIn.orders.unshift({ orderId: '900', placedAt: '2025-01-01T00:00:00Z', total: '10', currency: 'USD' });
    expect(decide(noSoftOptIn, noSoftOptIn.runs[0], message(noSoftOptIn, 'offer'), NOW)).toEqual({
      action: 'skip',
      kind: 'consent',
      reason: 'no marketing consent',
    });
  });
});

describe('soft opt-in: who counts as an existing customer (decide)', () => {
  const placedAt = new Date(NOW - 2 * H).toISOString();
  it.each<[string, object, object]>([
    ['an earlier kept order', { placedAt: '2025-01-01T00:00:00Z' }, { action: 'send' }],
    [
      'an earlier order that was refunded',
      { placedAt: '2025-01-01T00:00:00Z', refundedAt: '2025-01-03T00:00:00Z' },
      { action: 'skip', kind: 'consent' },
    ],
    [
      'an earlier order that was cancelled',
      { placedAt: '2025-01-01T00:00:00Z', cancelledAt: '2025-01-01T01:00:00Z' },
      { action: 'skip', kind: 'consent' },
    ],
    ['an order placed at the very same instant', { placedAt }, { action: 'skip', kind: 'consent' }],
    ['a later order only', { placedAt: new Date(NOW).toISOString() }, { action: 'skip', kind: 'consent' }],
  ])('%s', (_, other, expected) => {
    const state = setup({ sending: { softOptIn: true } }, { acceptsMarketing: false });
    state.orders.unshift({ orderId: '900', total: '10', currency: 'USD', ...other } as CustomerState['orders'][number]);
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toMatchObject(expected);
  });

  it("a customer's own resubscribe allows marketing without the checkbox or an earlier order", () => {
    const state = setup({}, { acceptsMarketing: false });
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'subscribed',
        occurredAt: new Date(NOW).toISOString(),
        source: 'preference-page',
      }),
      NOW,
    );
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({ action: 'send' });
  });
});

/** Marks a message of the run as sent at `at` (what the ledger records once it went out). */
const markSent = (state: CustomerState, stepId: string, at: number) =>
  Object.assign(message(state, stepId), { status: 'sent', resolvedAt: new Date(at).toISOString() });
/**
 * A pending copy of a step's message under another key: the step's own message can be marked sent (and count toward
 * the cap) while the copy, still pending, is the one decided.
 */
const pendingCopy = (state: CustomerState, stepId: string) => ({
  ...message(state, stepId),
  key: `${stepId}-again`,
  status: 'pending' as const,
});
const CAP_REASON = 'frequency cap (at most 1 per 20h and 3 per 7 days)';

describe('the boundaries of each rule (decide)', () => {
  // hello: window anytime, expires 1d after it was due (NOW).
  it.each<[string, number, string | undefined, object]>([
    ['exactly at its expiry: still sent', NOW + 24 * H, undefined, { action: 'send' }],
    ['a millisecond past its expiry: skipped', NOW + 24 * H + 1, undefined, { action: 'skip', kind: 'expired' }],
    [
      'deferred, then woken long past its expiry: sent all the same',
      NOW + 26 * H,
      new Date(NOW + 26 * H).toISOString(),
      { action: 'send' },
    ],
  ])(
    'a message held back by the cap or the window is sent when it wakes, never expired: %s',
    (_, now, deferredUntil, expected) => {
      const state = setup();
      const hello = { ...message(state, 'hello'), ...(deferredUntil && { deferredUntil }) };
      expect(decide(state, state.runs[0], hello, now)).toMatchObject(expected);
    },
  );

  it('a marketing message deferred to the next window opening is sent there, though that is past its 12h expiry', () => {
    const state = setup();
    // short-offer was due at NOW and expires 12h later; deferred to 09:00 in Tokyo next day (NOW + 18h), it wakes then.
    const wakes = NOW + 18 * H;
    const woken = { ...message(state, 'short-offer'), deferredUntil: new Date(wakes).toISOString() };
    expect(decide(state, state.runs[0], woken, wakes)).toEqual({ action: 'send' });
    // Not deferred, the same message at the same time has expired.
    expect(decide(state, state.runs[0], message(state, 'short-offer'), wakes)).toMatchObject({
      action: 'skip',
      kind: 'expired',
    });
  });

  // 09:00-20:00 Asia/Tokyo: 09:00 is 00:00Z.
  const opening = Date.parse('2026-03-11T00:00:00Z');
  it.each<[string, number, object]>([
    [
      'a millisecond before the opening: deferred to it',
      opening - 1,
      { action: 'defer', until: opening, reason: 'outside send window 09:00-20:00 Asia/Tokyo' },
    ],
    ['exactly at the opening: sent', opening, { action: 'send' }],
  ])('a scheduled message waits for the send window to open: %s', (_, now, expected) => {
    const state = setup();
    const howTo = { ...message(state, 'how-to'), dueAt: new Date(now).toISOString() };
    expect(decide(state, state.runs[0], howTo, now)).toEqual(expected);
  });

  it.each<[string, number[], object]>([
    ['the last marketing exactly 20h ago: sent', [NOW - 20 * H], { action: 'send' }],
    [
      'the last marketing a millisecond less than 20h ago: deferred to the 20h mark',
      [NOW - 20 * H + 1],
      { action: 'defer', until: NOW + 1, reason: CAP_REASON },
    ],
    [
      'three in the week, the oldest exactly 7 days ago: sent',
      [NOW - 7 * 24 * H, NOW - 5 * 24 * H, NOW - 3 * 24 * H],
      { action: 'send' },
    ],
    [
      'three in the week, the oldest a millisecond short of 7 days: deferred until it is',
      [NOW - 7 * 24 * H + 1, NOW - 5 * 24 * H, NOW - 3 * 24 * H],
      { action: 'defer', until: NOW + 1, reason: CAP_REASON },
    ],
  ])('marketing waits exactly as long as the frequency cap says: %s', (_, sent, expected) => {
    const state = setup();
    const marketingSteps = ['offer', 'strict-offer', 'short-offer'];
    sent.forEach((at, i) => markSent(state, marketingSteps[i], at));
    expect(decide(state, state.runs[0], pendingCopy(state, 'offer'), NOW)).toEqual(expected);
  });

  // short-offer expires 12h after it fell due (NOW); the cap lets marketing go 20h after the last one.
  it.each<[string, number, object]>([
    [
      'the cap lets it go exactly at its expiry: deferred (to the window opening after it)',
      NOW - 8 * H,
      { action: 'defer', until: Date.parse('2026-03-11T00:00:00Z') },
    ],
    [
      'the cap lets it go a millisecond after its expiry: dropped',
      NOW - 8 * H + 1,
      { action: 'skip', kind: 'frequency-cap', reason: CAP_REASON },
    ],
  ])(
    'a capped marketing message is deferred only if it can still go before it expires: %s',
    (_, lastSent, expected) => {
      const state = setup();
      markSent(state, 'offer', lastSent);
      expect(decide(state, state.runs[0], message(state, 'short-offer'), NOW)).toMatchObject(expected);
    },
  );

  it('a step that drops when capped is sent when nothing holds it back', () => {
    const state = setup();
    expect(decide(state, state.runs[0], message(state, 'strict-offer'), NOW)).toEqual({ action: 'send' });
  });

  it('only marketing counts toward the marketing cap: a how-to email sent just now does not hold back the cross-sell', () => {
    const state = setup();
    markSent(state, 'how-to', NOW - H);
    markSent(state, 'hello', NOW - 2 * H);
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({ action: 'send' });
    // The same send as marketing does hold it back: the cap is live, it just does not count service mail.
    markSent(state, 'strict-offer', NOW - H);
    expect(decide(state, state.runs[0], message(state, 'offer'), NOW)).toEqual({
      action: 'defer',
      until: NOW + 19 * H,
      reason: CAP_REASON,
    });
  });

  // The weekly ceiling of one message; hello (service, window anytime) fell due at NOW and expires a day later.
  it.each<[string, number, object]>([
    [
      'the ceiling frees a slot exactly at its expiry: deferred to it',
      NOW - 6 * 24 * H,
      { action: 'defer', until: NOW + 24 * H, reason: 'weekly ceiling (1 messages per 7 days)' },
    ],
    [
      'the ceiling frees a slot a millisecond after its expiry: dropped',
      NOW - 6 * 24 * H + 1,
      { action: 'skip', kind: 'weekly-ceiling', reason: 'weekly ceiling (1 messages per 7 days)' },
    ],
  ])('a message over the weekly ceiling waits only if it can still go before it expires: %s', (_, sent, expected) => {
    const state = setup({ sending: { maxMessagesPerWeek: 1 } });
    markSent(state, 'how-to', sent);
    expect(decide(state, state.runs[0], message(state, 'hello'), NOW)).toEqual(expected);
  });

  it('a step exempt from the weekly ceiling does not count toward it', () => {
    const state = setup({ sending: { maxMessagesPerWeek: 1 } });
    markSent(state, 'thanks', NOW - H);
    expect(decide(state, state.runs[0], message(state, 'hello'), NOW)).toEqual({ action: 'send' });
    // A send that counts does hold it back (a week is past its expiry: dropped).
    markSent(state, 'how-to', NOW - H);
    expect(decide(state, state.runs[0], message(state, 'hello'), NOW)).toMatchObject({ kind: 'weekly-ceiling' });
  });

  const pauseEnds = NOW + 30 * 24 * H;
  it.each<[string, number, object]>([
    [
      'a millisecond before it ends: skipped',
      pauseEnds - 1,
      { action: 'skip', kind: 'consent', reason: `marketing paused until ${new Date(pauseEnds).toISOString()}` },
    ],
    ['exactly when it ends: sent', pauseEnds, { action: 'send' }],
    ['after it ended: sent', pauseEnds + 24 * H, { action: 'send' }],
  ])('a pause for 30 days ends by itself: %s', (_, now, expected) => {
    const state = setup();
    const until = new Date(pauseEnds).toISOString();
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'paused',
        until,
        occurredAt: new Date(NOW).toISOString(),
        source: 'preference-page',
      }),
      NOW,
    );
    // Due when it is decided, at 15:00 in Tokyo (NOW's time of day), so neither expiry nor the window stands in the way.
    const offer = { ...message(state, 'offer'), dueAt: new Date(now).toISOString() };
    expect(decide(state, state.runs[0], offer, now)).toEqual(expected);
  });
});
