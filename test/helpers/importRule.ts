import { createPlanOrder } from '../../activities/planOrder';
import type { MessageStep } from '../../definitions/journeySchema';
import type { Content } from '../../definitions/content';
import type { Order } from '../../domain/order';
import { recordOrder, startRuns } from '../../rules/applySignals';
import { loyaltyTotals } from '../../rules/conditions';
import { settleImportedOrders } from '../../rules/importedOrders';
import { type CustomerState, messageStepOf } from '../../rules/journeyState';
import { actionableAt, refreshRun } from '../../rules/schedule';

/**
 * What the journeys hold after an import, worked out with the pure rules alone: each order recorded, planned (the
 * real planning activity over `content`, no database) and settled as the workflow does for an imported order, in the
 * order the importer sends them (oldest first), all at the instant `now`.
 */
export async function statesAfterImport(
  orders: Order[],
  content: Content,
  now: number,
): Promise<Map<string, CustomerState>> {
  const planOrder = createPlanOrder(
    () => content,
    { currentChoice: async () => undefined },
    { recordEntries: async () => undefined },
  );
  const states = new Map<string, CustomerState>();
  const oldestFirst = [...orders].sort((a, b) => Date.parse(a.placedAt) - Date.parse(b.placedAt));
  for (const order of oldestFirst) {
    const imported = { ...order, imported: true as const };
    const state: CustomerState = states.get(order.customer.id) ?? {
      v: 1,
      storeId: order.storeId,
      customerId: order.customer.id,
      contact: order.customer,
      orders: [],
      runs: [],
      log: [],
    };
    states.set(order.customer.id, state);
    const firstOrder = state.orders.length === 0;
    if (!recordOrder(state, imported, now)) continue;
    const { plans, becameVip } = await planOrder({
      order: imported,
      firstOrder,
      loyalty: { ...loyaltyTotals(state), wasVip: !!state.vipSince },
    });
    if (becameVip) state.vipSince = new Date(now).toISOString();
    startRuns(state, imported, plans);
    settleImportedOrders(state, order.orderId, now);
  }
  return states;
}

export interface DueMessage {
  customerId: string;
  orderId: string;
  stepId: string;
  category: MessageStep['category'];
  at: number;
}

/** Every message that can go out from `from` up to `to` (its due time within its send window), by the rules. */
export function dueBetween(states: Map<string, CustomerState>, from: number, to: number): DueMessage[] {
  const due: DueMessage[] = [];
  for (const state of states.values())
    for (const run of state.runs) {
      refreshRun(run, from);
      if (run.status !== 'active') continue;
      for (const message of run.messages) {
        const at = actionableAt(run, message);
        if (at !== undefined && at <= to)
          due.push({
            customerId: state.customerId,
            orderId: run.orderId,
            stepId: message.stepId,
            category: messageStepOf(run, message.stepIndex).category,
            at,
          });
      }
    }
  return due;
}
