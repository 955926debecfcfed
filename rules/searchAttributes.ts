import type { CustomerState } from './journeyState';
import { actionableAt } from './schedule';

/** The values support searches by; ids and times only. */
export interface JourneySearchValues {
  JourneyStage: string;
  NextMessageAt: string | null;
  OrderIds: string[];
  LastOrderAt: string | null;
  MarketingStatus: string;
}

/** Where the customer is: the step of their newest running journey's next message, or why nothing is next. */
function stage(state: CustomerState): string {
  if (state.paused) return 'paused';
  const active = state.runs.filter((r) => r.status === 'active');
  if (active.length === 0) return state.orders.length ? 'completed' : 'new';
  const next = active
    .flatMap((run) => run.messages.filter((m) => m.status === 'pending').map((m) => ({ run, m, at: actionableAt(run, m) })))
    .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity))[0];
  if (!next) return 'active';
  return next.at === undefined ? 'awaiting-delivery' : next.m.stepId;
}

function marketingStatus(state: CustomerState): string {
  if (state.marketing) return state.marketing.status;
  return state.contact.acceptsMarketing ? 'subscribed' : 'no-consent';
}

export function journeySearchValues(state: CustomerState): JourneySearchValues {
  const next = state.runs
    .filter((r) => r.status === 'active' && !state.paused)
    .flatMap((run) => run.messages.map((m) => actionableAt(run, m)))
    .filter((at): at is number => at !== undefined)
    .sort((a, b) => a - b)[0];
  const lastOrder = [...state.orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt))[0];
  return {
    JourneyStage: stage(state),
    NextMessageAt: next === undefined ? null : new Date(next).toISOString(),
    OrderIds: state.orders.map((o) => o.orderId).slice(-50),
    LastOrderAt: lastOrder ? new Date(lastOrder.placedAt).toISOString() : null,
    MarketingStatus: marketingStatus(state),
  };
}

/** Only the values that changed since the last upsert: each upsert is a billed action on Temporal Cloud. */
export function changedSearchValues(previous: Partial<JourneySearchValues>, next: JourneySearchValues): Partial<JourneySearchValues> {
  const changed: Partial<JourneySearchValues> = {};
  for (const key of Object.keys(next) as (keyof JourneySearchValues)[])
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) (changed as Record<string, unknown>)[key] = next[key];
  return changed;
}
