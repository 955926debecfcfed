import { recordOrder, startRuns } from '../../rules/applySignals';
import { importedMessageVerdict, projectedDueTimes, settleImportedOrders } from '../../rules/importedOrders';
import type { CustomerState } from '../../rules/journeyState';
import { dueMessages, refreshRun } from '../../rules/schedule';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T12:00:00Z');

describe('importedMessageVerdict: what an imported order still plans', () => {
  it.each<[string, 'service' | 'marketing', number | undefined, boolean, RegExp | null]>([
    ['marketing due a day ahead (a refill)', 'marketing', NOW + DAY, true, null],
    ['marketing due a minute ahead', 'marketing', NOW + 60_000, true, null],
    ['marketing due exactly now: its moment is not ahead', 'marketing', NOW, false, /has passed/],
    ['marketing due a year ago', 'marketing', NOW - 365 * DAY, false, /2025-06-15T12:00:00.000Z\) has passed/],
    ['marketing that can never be dated', 'marketing', undefined, false, /never be dated/],
    [
      'service due ahead (a how-to of a recent order)',
      'service',
      NOW + DAY,
      false,
      /service messages belong to the past/,
    ],
    ['service due long ago (a reassurance)', 'service', NOW - 300 * DAY, false, /service messages/],
  ])('%s', (_, category, dueAt, keep, reason) => {
    const verdict = importedMessageVerdict({ category, dueAt }, NOW);
    expect(verdict.keep).toBe(keep);
    if (!verdict.keep) expect(verdict.reason).toMatch(reason!);
  });
});

// A journey with a service message at the order, a delivery wait, and marketing timed from the delivery.
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service', ceiling: 'exempt', at: { from: 'order', after: '0' } },
    { id: 'wait', waitFor: { event: 'order.delivered', timeout: '10d', onTimeout: 'continue' } },
    { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery', after: '2h' } },
    { id: 'cross-sell', template: 'cross-sell', category: 'marketing', at: { from: 'delivery', after: '10d' } },
    {
      id: 'refill',
      template: 'refill',
      category: 'marketing',
      forEach: 'product',
      at: { from: 'delivery', after: '-5d', plusItemOffset: true },
      exitOn: ['order.reordered'],
    },
    { id: 'then', template: 'win-back', category: 'marketing', at: { from: 'previous', after: '7d' } },
  ],
});
const serum = product('SERUM', { daysOfSupply: 60 });

/** Imports orders (placed `daysAgo` before NOW) in the given sequence, as the workflow handles them. */
function imported(daysAgo: number[], live: number[] = []): CustomerState {
  const state = emptyState();
  const all = [...daysAgo.map((d) => [d, true] as const), ...live.map((d) => [d, false] as const)];
  all.forEach(([ago, isImported], i) => {
    const o = {
      ...order({ orderId: `O${i + 1}`, placedAt: new Date(NOW - ago * DAY).toISOString() }),
      ...(isImported && { imported: true as const }),
    };
    recordOrder(state, o, NOW);
    startRuns(state, o, [runPlan(definition, [serum])]);
    if (isImported) settleImportedOrders(state, o.orderId, NOW);
  });
  return state;
}
const statusOf = (state: CustomerState, orderId: string) =>
  Object.fromEntries(state.runs.find((r) => r.orderId === orderId)!.messages.map((m) => [m.stepId, m.status]));

describe('settleImportedOrders', () => {
  it('an order placed 40 days ago keeps its refill (due in 25 days) and the step after it; its past and its service are skipped', () => {
    // Delivery assumed at the wait's timeout (day -30): cross-sell day -20 (past), refill day -30+60-5 = +25.
    const state = imported([40]);
    expect(statusOf(state, 'O1')).toEqual({
      hello: 'skipped',
      'how-to': 'skipped',
      'cross-sell': 'skipped',
      refill: 'pending',
      then: 'pending',
    });
    const run = state.runs[0];
    refreshRun(run, NOW);
    expect(run.messages.find((m) => m.stepId === 'refill')!.dueAt).toBe(new Date(NOW + 25 * DAY).toISOString());
    expect(run.messages.find((m) => m.stepId === 'cross-sell')!.reason).toBe(
      `imported order: its moment (${new Date(NOW - 20 * DAY).toISOString()}) has passed`,
    );
  });

  it('a recent order (2 days ago) keeps its marketing ahead and never its how-to, though the how-to is ahead too', () => {
    const state = imported([2]);
    expect(statusOf(state, 'O1')).toEqual({
      hello: 'skipped',
      'how-to': 'skipped',
      'cross-sell': 'pending',
      refill: 'pending',
      then: 'pending',
    });
  });

  it('an order two years old plans nothing and leaves nothing due now', () => {
    const state = imported([730]);
    expect(Object.values(statusOf(state, 'O1'))).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    for (const run of state.runs) refreshRun(run, NOW);
    expect(dueMessages(state, NOW)).toEqual([]);
  });

  it.each<[string, number[]]>([
    ['oldest first', [300, 100, 40]],
    ['newest first', [40, 100, 300]],
    ['mixed', [100, 40, 300]],
  ])('several imported orders (%s): only the newest one plans, the others end superseded', (_, daysAgo) => {
    const state = imported(daysAgo);
    const newest = `O${daysAgo.indexOf(40) + 1}`;
    for (const run of state.runs) {
      if (run.orderId === newest) expect(run.status).toBe('active');
      else
        expect(run).toMatchObject({
          status: 'exited',
          exitReason: expect.stringMatching(/^imported order superseded by order O\d$/),
        });
    }
    expect(statusOf(state, newest).refill).toBe('pending');
    expect(
      state.runs
        .filter((r) => r.orderId !== newest)
        .flatMap((r) => r.messages)
        .filter((m) => m.status === 'pending'),
    ).toEqual([]);
  });

  it('two imported orders at the same instant: the one recorded later runs', () => {
    const state = imported([40, 40]);
    expect(state.runs.map((r) => r.status)).toEqual(['exited', 'active']);
  });

  it('an order that came live is left to the repeat-customer rules; an older import does not touch it', () => {
    const state = imported([300], [5]);
    expect(statusOf(state, 'O2')).toEqual({
      hello: 'pending',
      'how-to': 'pending',
      'cross-sell': 'pending',
      refill: 'pending',
      then: 'pending',
    });
    expect(state.runs[0].messages.filter((m) => m.status === 'pending')).toEqual([]);
  });

  it('an order without the mark is never settled', () => {
    const state = emptyState();
    const o = order({ placedAt: new Date(NOW - 40 * DAY).toISOString() });
    recordOrder(state, o, NOW);
    startRuns(state, o, [runPlan(definition, [serum])]);
    settleImportedOrders(state, o.orderId, NOW);
    expect(state.runs[0].messages.map((m) => m.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('projectedDueTimes works on a copy and dates a step timed from the previous one', () => {
    const state = emptyState();
    const o = order({ placedAt: new Date(NOW).toISOString() });
    startRuns(state, o, [runPlan(definition, [serum])]);
    const dues = projectedDueTimes(state.runs[0]);
    expect(dues.get('1001/j/then/order')).toBe(NOW + (10 + 60 - 5 + 7) * DAY);
    expect(state.runs[0].waits[0].resolvedAt).toBeUndefined();
    expect(state.runs[0].messages.map((m) => [m.status, m.dueAt])).toEqual(Array(5).fill(['pending', undefined]));
  });
});
