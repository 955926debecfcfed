import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutationConfig } from './shared.mjs';

/**
 * The rules in three parts, each a config of its own with its own incremental file: on two cores the whole of
 * rules/ (about 2,700 mutants, ~20 a minute with the type check) takes over two hours, too long for one sitting;
 * a part takes 35-60 minutes, and once its results are committed only what changed is tested again.
 * Every file of rules/ belongs to exactly one part (checked below), so a new rule file cannot escape mutation.
 */
const PARTS = {
  // What the journey does next: decide, consent, caps, send windows, conditions, scheduling.
  decisions: [
    'decide.ts',
    'consent.ts',
    'conditions.ts',
    'explainCondition.ts',
    'frequencyCap.ts',
    'sendWindow.ts',
    'schedule.ts',
    'trigger.ts',
    'duration.ts',
    'iso.ts',
    'memoized.ts',
  ],
  // The journey's long-lived state: how it changes and how support sees it.
  state: [
    'journeyState.ts',
    'journeyDetails.ts',
    'transitions.ts',
    'applySignals.ts',
    'supportActions.ts',
    'migrateRun.ts',
    'pruneState.ts',
    'searchAttributes.ts',
  ],
  // Orders, answers, refunds and mail events coming in.
  orders: [
    'planRun.ts',
    'importedOrders.ts',
    'customerHistory.ts',
    'messageItems.ts',
    'refunds.ts',
    'answers.ts',
    'mailEvents.ts',
  ],
};

const RULES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../rules');

function checkPartsCoverRules() {
  const files = fs.readdirSync(RULES).filter((name) => name.endsWith('.ts'));
  const assigned = Object.values(PARTS).flat();
  const missing = files.filter((name) => !assigned.includes(name));
  const gone = assigned.filter((name) => !files.includes(name));
  if (missing.length || gone.length)
    throw new Error(
      `stryker/rulesParts.mjs: ${missing.length ? `add ${missing.join(', ')} to a part` : ''}` +
        `${gone.length ? `${missing.length ? '; ' : ''}remove ${gone.join(', ')} (no such file in rules/)` : ''}`,
    );
}

/** The config of one part: the rules' unit tests, below 85% the run fails. */
export function rulesPart(part) {
  checkPartsCoverRules();
  return mutationConfig({
    area: 'rules',
    part: `rules-${part}`,
    mutate: PARTS[part].map((name) => `rules/${name}`),
    breakAt: 85,
  });
}
