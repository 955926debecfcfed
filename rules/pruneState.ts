import type { CustomerState } from './journeyState';

const KEEP_FINISHED_RUNS = 20;
const KEEP_ORDERS = 500;

/**
 * Bounds what continue-as-new carries: finished runs beyond the newest few are dropped (the log keeps their
 * outcome), and only the newest orders are kept for loyalty facts.
 */
export function pruneState(state: CustomerState): void {
  const finished = state.runs.filter((r) => r.status !== 'active');
  const drop = new Set(finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_RUNS)));
  state.runs = state.runs.filter((r) => !drop.has(r));
  if (state.orders.length > KEEP_ORDERS) state.orders = state.orders.slice(-KEEP_ORDERS);
}
