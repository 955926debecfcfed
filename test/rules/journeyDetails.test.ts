import { recordOrder, startRuns } from '../../rules/applySignals';
import { journeyDetailsMarkdown, nextWakeSummary } from '../../rules/journeyDetails';
import { refreshRun } from '../../rules/schedule';
import { emptyState, journey, order, product, runPlan } from '../support/fixtures';

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
    Object.assign(state.runs[0].messages[0], { status: 'sent', resolvedAt: '2026-03-02T01:00:05Z', messageId: '<abc@shop.example.com>' });
    expect(nextWakeSummary(state)).toBe('offer for order 1001, due 2026-03-12 10:00 Asia/Tokyo');
    Object.assign(state.runs[0].messages[2], { status: 'skipped', resolvedAt: '2026-03-12T01:00:00Z' });
    expect(nextWakeSummary(state)).toBe('milestone week 2 SERUM for order 1001, due 2026-03-16 10:00 Asia/Tokyo');
  });

  it('lists upcoming (local and UTC), sent with Message-IDs, and why something was not sent', () => {
    const state = started();
    const [hello, milestone, offer] = state.runs[0].messages;
    Object.assign(hello, { status: 'sent', resolvedAt: '2026-03-02T01:00:05Z', messageId: '<abc@shop.example.com>' });
    Object.assign(offer, { status: 'skipped', resolvedAt: '2026-03-12T01:00:00Z', reason: 'no marketing consent' });
    Object.assign(milestone, { deferredUntil: '2026-03-17T00:00:00Z', reason: 'outside send window 09:00-20:00 Asia/Tokyo' });
    const details = journeyDetailsMarkdown(state);
    expect(details).toContain('**Customer c-42** · store default · 1 order(s) · marketing: opted in on the order');
    expect(details).toContain('| milestone week 2 SERUM for order 1001 | 2026-03-17 09:00 Asia/Tokyo | 2026-03-17 00:00 | deferred: outside send window 09:00-20:00 Asia/Tokyo |');
    expect(details).toContain('| hello for order 1001 | 2026-03-02 01:00 | `<abc@shop.example.com>` |');
    expect(details).toContain('| offer for order 1001 (skipped) | 2026-03-12 01:00 | no marketing consent |');
    expect(details).not.toContain('ada@example.com');
    expect(details).not.toContain('Ada');
  });
});
