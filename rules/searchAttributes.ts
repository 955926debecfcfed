import type { CustomerState } from './journeyState';
import { actionableAt } from './schedule';

/** The values support searches by; ids and times only. */
export interface JourneySearchValues {
  JourneyStage: string;
  /** Absent in lean mode. */
  NextMessageAt?: string | null;
  OrderIds: string[];
  LastOrderAt: string | null;
  MarketingStatus: string;
  /** `journeyId@version` of every running journey run, so `afterglow journeys` can count customers per version. */
  JourneyVersions?: string[];
  /** Keyed hash of the address (never the address), once an order or support supplied one. */
  EmailHash?: string;
}

/**
 * How much the journey keeps searchable. `full`: JourneyStage names the next message's step and NextMessageAt its
 * time, which costs one upsert (one billed action on Temporal Cloud) after nearly every email. `lean`: JourneyStage
 * is the phase (awaiting-delivery, in-journey, paused, completed) and there is no NextMessageAt, so upserts happen
 * only when an order, the consent or the phase changes; the current details still show every upcoming message.
 */
export type SearchAttributeMode = 'full' | 'lean';

/** The stages `lean` keeps; every step id becomes `in-journey`. */
const PHASES = new Set(['new', 'paused', 'completed', 'active', 'awaiting-delivery']);

/** Where the customer is: the step of their newest running journey's next message, or why nothing is next. */
function stage(state: CustomerState): string {
  if (state.paused) return 'paused';
  const active = state.runs.filter((r) => r.status === 'active');
  if (active.length === 0) return state.orders.length ? 'completed' : 'new';
  const next = active
    .flatMap((run) =>
      run.messages.filter((m) => m.status === 'pending').map((m) => ({ run, m, at: actionableAt(run, m) })),
    )
    .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity))[0];
  if (!next) return 'active';
  return next.at === undefined ? 'awaiting-delivery' : next.m.stepId;
}

function marketingStatus(state: CustomerState): string {
  if (state.marketing) return state.marketing.status;
  return state.contact.acceptsMarketing ? 'subscribed' : 'no-consent';
}

/** Distinct `journeyId@version` of the customer's running journey runs. */
function runningVersions(state: CustomerState): string[] {
  return [...new Set(state.runs.filter((r) => r.status === 'active').map((r) => `${r.journeyId}@${r.version}`))].sort();
}

export function journeySearchValues(
  state: CustomerState,
  mode: SearchAttributeMode = 'full',
  versions = false,
  emailHash = false,
): JourneySearchValues {
  const lastOrder = [...state.orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt))[0];
  const step = stage(state);
  const values: JourneySearchValues = {
    JourneyStage: mode === 'lean' && !PHASES.has(step) ? 'in-journey' : step,
    OrderIds: state.orders.map((o) => o.orderId).slice(-50),
    LastOrderAt: lastOrder ? new Date(lastOrder.placedAt).toISOString() : null,
    MarketingStatus: marketingStatus(state),
  };
  if (mode === 'full') values.NextMessageAt = nextMessageAt(state);
  if (versions) values.JourneyVersions = runningVersions(state);
  if (emailHash && state.emailHash) values.EmailHash = state.emailHash;
  return values;
}

function nextMessageAt(state: CustomerState): string | null {
  const next = state.runs
    .filter((r) => r.status === 'active' && !state.paused)
    .flatMap((run) => run.messages.map((m) => actionableAt(run, m)))
    .filter((at): at is number => at !== undefined)
    .sort((a, b) => a - b)[0];
  return next === undefined ? null : new Date(next).toISOString();
}

/** Only the values that changed since the last upsert: each upsert is a billed action on Temporal Cloud. */
export function changedSearchValues(
  previous: Partial<JourneySearchValues>,
  next: JourneySearchValues,
): Partial<JourneySearchValues> {
  const changed: Partial<JourneySearchValues> = {};
  for (const key of Object.keys(next) as (keyof JourneySearchValues)[])
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key]))
      (changed as Record<string, unknown>)[key] = next[key];
  return changed;
}
