import { recordConsent, recordOrder, startRuns } from '../../rules/applySignals';
import { preferenceOf } from '../../rules/consent';
import { journeyDetailsMarkdown, journeyOverview, nextWakeSummary } from '../../rules/journeyDetails';
import { refreshRun } from '../../rules/schedule';
import { recordDelivery } from '../../rules/mailEvents';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service', sendWindow: 'anytime' },
    { id: 'milestone', template: 'milestone', category: 'service', forEach: 'milestone', at: { plusItemOffset: true } },
    { id: 'offer', template: 'cross-sell', category: 'marketing', at: { after: '10d' } },
  ],
});
const serum = product('SERUM', { milestones: [{ week: 2, title: { en: 'Glow' }, notice: { en: 'Brighter' } }] });

function started() {
  const o = order({ placedAt: '2026-03-02T01:00:00Z' });
  const state = emptyState();
  recordOrder(state, o, Date.parse(o.placedAt));
  startRuns(state, o, [runPlan(definition, [serum])]);
  refreshRun(state.runs[0], Date.parse(o.placedAt));
  return state;
}

describe('journey details for support', () => {
  it('names the next message by step, milestone week and order, due in the customer zone', () => {
    const state = started();
    Object.assign(state.runs[0].messages[0], {
      status: 'sent',
      resolvedAt: '2026-03-02T01:00:05Z',
      messageId: '<abc@shop.example.com>',
    });
    expect(nextWakeSummary(state)).toBe('offer for order 1001, due 2026-03-12 10:00 Asia/Tokyo');
    Object.assign(state.runs[0].messages[2], { status: 'skipped', resolvedAt: '2026-03-12T01:00:00Z' });
    expect(nextWakeSummary(state)).toBe('milestone week 2 SERUM for order 1001, due 2026-03-16 10:00 Asia/Tokyo');
  });

  it('lists upcoming (local and UTC), sent with Message-IDs, and why something was not sent, as lists', () => {
    const state = started();
    const [hello, milestone, offer] = state.runs[0].messages;
    Object.assign(hello, { status: 'sent', resolvedAt: '2026-03-02T01:00:05Z', messageId: '<abc@shop.example.com>' });
    Object.assign(offer, { status: 'skipped', resolvedAt: '2026-03-12T01:00:00Z', reason: 'no marketing consent' });
    Object.assign(milestone, {
      deferredUntil: '2026-03-17T00:00:00Z',
      reason: 'outside send window 09:00-20:00 Asia/Tokyo',
    });
    const details = journeyDetailsMarkdown(state, Date.parse('2026-03-12T02:00:00Z'));
    expect(details.split('\n')[0]).toBe(
      '**The next message is milestone (week 2 Product SERUM) for order 1001, 2026-03-17 09:00 Asia/Tokyo (2026-03-17 00:00 UTC), deferred: outside send window 09:00-20:00 Asia/Tokyo.**',
    );
    expect(details).toContain('Customer c-42 · store default · 1 order(s) · marketing: opted in on the order');
    expect(details).toContain(
      '**Upcoming, in time order**\n\n- 2026-03-17 09:00 Asia/Tokyo (2026-03-17 00:00 UTC) · milestone (week 2 Product SERUM) · order 1001 · deferred: outside send window',
    );
    expect(details).toContain('**Sent**\n\n- 2026-03-02 01:00 UTC · hello · order 1001 · `<abc@shop.example.com>`');
    expect(details).toContain('- 2026-03-12 01:00 UTC · offer for order 1001 (skipped) · no marketing consent');
    expect(details).not.toContain('ada@example.com');
    expect(details).not.toContain('Ada');
  });
});

describe('a provider report on a sent message', () => {
  it('shows in the sent list, what, by whom and when, beside the Message-ID', () => {
    const state = started();
    const [hello] = state.runs[0].messages;
    Object.assign(hello, { status: 'sent', resolvedAt: '2026-03-02T01:00:05Z', messageId: '<abc@shop.example.com>' });
    recordDelivery(
      state,
      {
        messageKey: hello.key,
        messageId: '<abc@shop.example.com>',
        provider: 'sendgrid',
        kind: 'hard-bounce',
        occurredAt: '2026-03-02T01:02:00Z',
        detail: 'bounce',
      },
      Date.parse('2026-03-02T01:03:00Z'),
    );
    const now = Date.parse('2026-03-03T00:00:00Z');
    expect(journeyOverview(state, now).sent[0].delivery).toBe(
      'hard bounce reported by sendgrid 2026-03-02 01:02 UTC (bounce)',
    );
    expect(journeyDetailsMarkdown(state, now)).toContain(
      '- 2026-03-02 01:00 UTC · hello · order 1001 · hard bounce reported by sendgrid 2026-03-02 01:02 UTC (bounce) · `<abc@shop.example.com>`',
    );
  });
});

describe('journeyOverview: one answer for the CLI, the Web UI and the admin API', () => {
  const shipped = journey({
    id: 'pp',
    name: 'PP',
    trigger: { event: 'order.placed' },
    steps: [
      { id: 'how-to', template: 'how-to', category: 'service', forEach: 'product', at: { after: '2d' } },
      {
        id: 'delivery-check',
        template: 'reassurance',
        category: 'service',
        at: { after: '7d' },
        when: { fact: 'delivered', is: false },
      },
      { id: 'refill', template: 'cross-sell', category: 'marketing', forEach: 'product', at: { after: '30d' } },
    ],
  });

  function customer() {
    const o = order({
      placedAt: '2026-03-02T01:00:00Z',
      lineItems: [{ sku: 'SERUM', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    });
    const state = emptyState();
    recordOrder(state, o, Date.parse(o.placedAt));
    startRuns(state, o, [runPlan(shipped, [serum])]);
    refreshRun(state.runs[0], Date.parse(o.placedAt));
    return state;
  }
  const now = Date.parse('2026-03-03T00:00:00Z');

  it('leads with the next message in local and UTC time, the rest in time order with product names', () => {
    const { sentence, upcoming } = journeyOverview(customer(), now);
    expect(sentence).toBe(
      'The next message is how-to (Product SERUM) for order 1001, 2026-03-04 10:00 Asia/Tokyo (2026-03-04 01:00 UTC).',
    );
    expect(upcoming.map((m) => [m.stepId, m.products, m.outcome])).toEqual([
      ['how-to', 'Product SERUM', 'send'],
      ['delivery-check', '', 'send'],
      ['refill', 'Product SERUM', 'send'],
    ]);
  });

  it('says a delivered customer gets no delivery check, and an unsubscribed one no marketing', () => {
    const state = customer();
    state.orders[0].deliveredAt = '2026-03-02T12:00:00Z';
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'unsubscribed',
        occurredAt: '2026-03-02T13:00:00Z',
        source: 'one-click',
      }),
      0,
    );
    const { sentence, upcoming } = journeyOverview(state, now);
    expect(upcoming.find((m) => m.stepId === 'delivery-check')).toMatchObject({
      outcome: 'skip',
      why: expect.stringContaining('delivered'),
    });
    expect(upcoming.find((m) => m.stepId === 'refill')).toMatchObject({
      outcome: 'skip',
      why: expect.stringContaining('unsubscribed'),
    });
    expect(sentence).toMatch(
      /^The next message is how-to .* delivery-check \(2026-03-09 01:00 UTC\) will be skipped: .*delivered.* refill \(Product SERUM\) \(2026-04-01 01:00 UTC\) will be skipped: .*unsubscribed/,
    );
  });

  it('holds everything while paused, and says until when', () => {
    const state = customer();
    state.paused = { by: 'sam', reason: 'travelling', at: '2026-03-02T12:00:00Z', until: '2026-03-20T00:00:00Z' };
    const { sentence, upcoming } = journeyOverview(state, now);
    expect(sentence).toContain('Paused by support since 2026-03-02 12:00 UTC, resumes by itself 2026-03-20 00:00 UTC');
    expect(upcoming.map((m) => m.outcome)).toEqual(['held', 'held', 'send']);
    expect(sentence).not.toContain('sam');
  });

  it('while paused, still says which messages will be skipped anyway (an unsubscribed customer gets no refill)', () => {
    const state = customer();
    state.paused = { by: 'sam', reason: 'complaint', at: '2026-03-02T12:00:00Z' };
    recordConsent(
      state,
      preferenceOf({
        storeId: 'default',
        customerId: 'c-42',
        marketing: 'unsubscribed',
        occurredAt: '2026-03-02T13:00:00Z',
        source: 'one-click',
      }),
      0,
    );
    const { upcoming } = journeyOverview(state, now);
    expect(upcoming.map((m) => [m.stepId, m.outcome])).toEqual([
      ['how-to', 'held'],
      ['delivery-check', 'held'],
      ['refill', 'skip'],
    ]);
  });
});
