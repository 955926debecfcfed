import type { MessageStep } from '../definitions/journeySchema';
import type { CustomerState, JourneyRun, OrderRecord, PlannedMessage } from './journeyState';
import { messageStepOf } from './journeyState';
import { log } from './applySignals';
import { exitRun, refreshRun } from './schedule';
import { assumeSent, skipMessage } from './transitions';

/**
 * Orders from `afterglow import orders` are history: the customer had them long before Afterglow heard of them. Their
 * journeys record them (order count, lifetime spend, VIP, what was bought when) but send only what still makes sense
 * at the moment of the import:
 * - only the customer's newest order plans anything; an earlier imported order's runs end (a later order supersedes
 *   them, as a reorder ends a refill, but wholly: its milestones and cross-sell are as stale as its refill);
 * - of the newest order, only marketing messages (cross-sell, upsell, refill, win-back: about the next purchase) whose
 *   moment is still ahead; service messages (reassurance, how-to, milestones, feedback) are about an experience the
 *   customer had before the import, so none is sent, however recent the order;
 * - a message whose moment has passed is skipped at once, never sent late: an import of two years must not turn into
 *   a pile of messages due "now".
 */

/** What the rule needs of one message of the newest imported order: its kind and when it would fall due (undefined: never). */
export interface ImportedMessage {
  category: MessageStep['category'];
  dueAt: number | undefined;
}

export type ImportVerdict = { keep: true } | { keep: false; reason: string };

/** Whether a message of the customer's newest imported order is planned (kept pending) or skipped at the import. */
export function importedMessageVerdict({ category, dueAt }: ImportedMessage, now: number): ImportVerdict {
  if (category === 'service') return { keep: false, reason: 'imported order: its service messages belong to the past' };
  if (dueAt === undefined) return { keep: false, reason: 'imported order: the message could never be dated' };
  if (dueAt <= now)
    return { keep: false, reason: `imported order: its moment (${new Date(dueAt).toISOString()}) has passed` };
  return { keep: true };
}

/** Time enough for every wait of a run to have timed out (a delivery an imported order never reports). */
const FAR_FUTURE = Date.parse('9999-01-01T00:00:00Z');

/**
 * When each message of the run would fall due if the store never reports anything more (waits time out) and each
 * message went out on time, so a step timed from the previous one is dated too. Worked out on a copy.
 */
export function projectedDueTimes(run: JourneyRun): Map<string, number> {
  const copy = JSON.parse(JSON.stringify(run)) as JourneyRun;
  const dues = new Map<string, number>();
  // Each pass dates at least one more step, or stops.
  for (let pass = 0; pass <= copy.steps.length; pass++) {
    refreshRun(copy, FAR_FUTURE);
    const dated = copy.messages.filter(
      (m): m is PlannedMessage & { dueAt: string } => m.status === 'pending' && !!m.dueAt,
    );
    if (dated.length === 0) break;
    for (const message of dated) {
      dues.set(message.key, Date.parse(message.dueAt));
      assumeSent(message, message.dueAt);
    }
  }
  return dues;
}

/** A later order of the customer: placed later, or at the same instant and recorded after it. */
function laterOrder(state: CustomerState, orderId: string): OrderRecord | undefined {
  const index = state.orders.findIndex((o) => o.orderId === orderId);
  const placedAt = Date.parse(state.orders[index].placedAt);
  return state.orders.find((o, i) => {
    const at = Date.parse(o.placedAt);
    return at > placedAt || (at === placedAt && i > index);
  });
}

/**
 * Applies the rule after an imported order was recorded and its runs started: earlier imported orders' runs end,
 * and the runs of this one keep only what the verdict keeps. Runs of orders that came live are left alone (they
 * follow the repeat-customer rules: a later order ends their refill and win-back).
 */
export function settleImportedOrders(state: CustomerState, orderId: string, now: number): void {
  const at = new Date(now).toISOString();
  for (const run of state.runs) {
    if (!run.order.imported || run.status !== 'active') continue;
    const later = laterOrder(state, run.orderId);
    if (later) {
      exitRun(run, now, `imported order superseded by order ${later.orderId}`);
      continue;
    }
    if (run.orderId !== orderId) continue;
    const dues = projectedDueTimes(run);
    let kept = 0;
    for (const message of run.messages) {
      if (message.status !== 'pending') continue;
      const step = messageStepOf(run, message.stepIndex);
      const verdict = importedMessageVerdict({ category: step.category, dueAt: dues.get(message.key) }, now);
      if (verdict.keep) kept++;
      else skipMessage(message, at, verdict.reason);
    }
    log(state, {
      at,
      kind: 'order',
      orderId,
      detail: `${run.journeyId}: imported order, ${kept} message(s) still ahead planned, the rest skipped`,
    });
  }
}
