import type { MigrateJourney } from '../domain/supportActions';
import type { CustomerState, JourneyRun } from './journeyState';
import { planRun, type RunPlan } from './planRun';
import { recordSupportAction, reject } from './supportActions';
import { carryOverMessage, carryOverWait, replan } from './transitions';

/** The customer's running runs of the journey that are still on `fromVersion`. */
export function runsToMigrate(
  state: CustomerState,
  input: Pick<MigrateJourney, 'journeyId' | 'fromVersion'>,
): JourneyRun[] {
  return state.runs.filter(
    (r) => r.status === 'active' && r.journeyId === input.journeyId && r.version === input.fromVersion,
  );
}

export function checkMigrate(state: CustomerState, input: MigrateJourney): void {
  if (runsToMigrate(state, input).length > 0) return;
  const running = state.runs
    .filter((r) => r.status === 'active' && r.journeyId === input.journeyId)
    .map((r) => r.version);
  reject(
    running.length
      ? `no running ${input.journeyId} run on version ${input.fromVersion} (running: ${[...new Set(running)].join(', ')})`
      : `no running ${input.journeyId} run for this customer`,
  );
}

/**
 * Re-plans a running run with a newer definition of its journey, in place. Whatever already happened carries
 * over by message key (step id + product/milestone): what was sent stays sent and is never sent again, waits that
 * resolved stay resolved. Steps the new version adds are planned as if they had been there from the order; steps
 * it removes are dropped, and what they had sent is only in the log from then on. Returns what changed, in words.
 */
export function migrateRun(run: JourneyRun, plan: RunPlan): string {
  const fresh = planRun(plan, run.order);
  const old = new Map(run.messages.map((m) => [m.key, m]));
  for (const message of fresh.messages) {
    const before = old.get(message.key);
    if (!before || before.status === 'pending') continue;
    carryOverMessage(message, before);
  }
  for (const wait of fresh.waits) {
    const before = run.waits.find((w) => w.stepId === wait.stepId && w.event === wait.event && w.resolvedAt);
    if (before) carryOverWait(wait, before);
  }
  const kept = new Set(fresh.messages.map((m) => m.key));
  const dropped = run.messages.filter((m) => !kept.has(m.key)).length;
  const added = fresh.messages.filter((m) => !old.has(m.key)).length;
  const from = run.version;
  replan(run, fresh);
  return `${run.key}: ${from} -> ${plan.version} (${added} messages added, ${dropped} dropped)`;
}

/** Records the migration of the customer's runs as a support action: who moved them, and why. */
export function recordMigration(state: CustomerState, input: MigrateJourney, changes: string[], now: number): string {
  return recordSupportAction(state, now, {
    action: 'migrate',
    by: input.by,
    reason: input.reason,
    detail: `migrated ${changes.join('; ')}`,
  });
}
