import type { CustomerState, JourneyRun } from '../../rules/journeyState';
import { pruneState } from '../../rules/pruneState';
import { emptyState } from '../helpers/fixtures';

describe('what continue-as-new carries (pruneState)', () => {
  const runs = (statuses: JourneyRun['status'][]) =>
    statuses.map((status, i) => ({ key: `r${i}`, status }) as JourneyRun);

  it.each([
    ['20 finished runs: all kept', 20, 0],
    ['21 finished runs: the oldest dropped', 21, 1],
    ['25 finished runs: the five oldest dropped', 25, 5],
  ])('keeps the newest 20 finished runs and every running one: %s', (_name, finished, dropped) => {
    const state: CustomerState = { ...emptyState(), runs: runs([...Array(finished).fill('completed'), 'active']) };
    const before = state.runs.map((r) => r.key);
    pruneState(state);
    expect(state.runs.map((r) => r.key)).toEqual(before.slice(dropped));
  });

  it('keeps a running run even when it is the oldest', () => {
    const state: CustomerState = { ...emptyState(), runs: runs(['active', ...Array(21).fill('exited')]) };
    pruneState(state);
    expect(state.runs.map((r) => r.key)).toEqual(['r0', ...Array.from({ length: 20 }, (_, i) => `r${i + 2}`)]);
  });

  it.each([
    [500, 500, 'order-0'],
    [501, 500, 'order-1'],
  ])('keeps the newest 500 orders: %i orders → %i', (count, kept, oldest) => {
    const state: CustomerState = {
      ...emptyState(),
      orders: Array.from({ length: count }, (_, i) => ({ orderId: `order-${i}` }) as CustomerState['orders'][number]),
    };
    pruneState(state);
    expect(state.orders).toHaveLength(kept);
    expect(state.orders[0].orderId).toBe(oldest);
    expect(state.orders.at(-1)!.orderId).toBe(`order-${count - 1}`);
  });
});
