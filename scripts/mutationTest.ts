import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run test:mutation [-- --only <config>,… ] [-- <stryker options>]`: StrykerJS on the rules, in three parts
 * (stryker/rules-{decisions,state,orders}.config.mjs, each fails below 85%), and on the security code
 * (stryker/security.config.mjs, fails below 90%), one after the other, then the score of each area. `--only` picks
 * configs (e.g. `--only rules-decisions`); other options go to each run, e.g. `-- --mutate rules/decide.ts` (only the
 * configs that hold the file run). Opt-in: it is not part of `npm test` or .ci/run.
 */
const ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(ROOT, 'reports/mutation');
const STRYKER = path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js');

const CONFIGS = ['rules-decisions', 'rules-state', 'rules-orders', 'security'] as const;
type ConfigName = (typeof CONFIGS)[number];

/** The areas the scores are shown for: each a path prefix of the mutated files, and the configs that mutate it. */
const AREAS: { area: string; prefix: string; configs: readonly ConfigName[] }[] = [
  { area: 'rules/', prefix: 'rules/', configs: ['rules-decisions', 'rules-state', 'rules-orders'] },
  { area: 'links/', prefix: 'links/', configs: ['security'] },
  { area: 'api/shopify/', prefix: 'api/shopify/', configs: ['security'] },
  { area: 'api/adminAuth.ts', prefix: 'api/adminAuth.ts', configs: ['security'] },
  { area: 'rendering/ (escaping)', prefix: 'rendering/', configs: ['security'] },
  { area: 'storage/sendLedger.ts', prefix: 'storage/sendLedger.ts', configs: ['security'] },
];

/** Stryker's score: detected (killed, timed out) over valid mutants; compile errors and ignored ones do not count. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

interface Score {
  detected: number;
  total: number;
}

/** Detected and valid mutants of the files under `prefix`, in the JSON report of `config` (none if it did not run). */
function scoreIn(config: ConfigName, prefix: string): Score {
  const file = path.join(REPORTS, `${config}.json`);
  if (!fs.existsSync(file)) return { detected: 0, total: 0 };
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  const mutants = Object.entries(report.files)
    .filter(([name]) => path.relative(ROOT, path.resolve(ROOT, name)).startsWith(prefix))
    .flatMap(([, f]) => f.mutants);
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  return { detected, total: detected + mutants.filter((m) => UNDETECTED.has(m.status)).length };
}

function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
}

const extra = process.argv.slice(2);
const only = takeOption(extra, '--only')?.split(',');
const unknown = only?.filter((name) => !(CONFIGS as readonly string[]).includes(name));
if (unknown?.length) {
  console.error(`--only: no config ${unknown.join(', ')} (there are ${CONFIGS.join(', ')})`);
  process.exit(2);
}
// With --mutate, only the configs whose areas hold one of the files run (the others would mutate nothing).
const mutateAt = extra.indexOf('--mutate');
const patterns = mutateAt >= 0 ? (extra[mutateAt + 1] ?? '').split(',') : [];
const configs = CONFIGS.filter(
  (config) =>
    (!only || only.includes(config)) &&
    (!patterns.length || AREAS.some((a) => a.configs.includes(config) && patterns.some((p) => p.startsWith(a.prefix)))),
);
const results = configs.map((config) => {
  fs.rmSync(path.join(REPORTS, `${config}.json`), { force: true });
  const run = spawnSync(process.execPath, [STRYKER, 'run', `stryker/${config}.config.mjs`, ...extra], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return { config, ok: run.status === 0 };
});

const ran = results.map((r) => r.config);
console.log('\nMutation score per area (killed + timed out, of the mutants that compile and are not disabled):');
for (const { area, prefix, configs: holders } of AREAS) {
  const parts = holders
    .filter((config) => ran.includes(config))
    .map((config) => ({ config, ...scoreIn(config, prefix) }));
  const detected = parts.reduce((sum, p) => sum + p.detected, 0);
  const total = parts.reduce((sum, p) => sum + p.total, 0);
  if (!total) continue;
  const of = parts.length < holders.length ? ` (only ${parts.map((p) => p.config).join(', ')} ran)` : '';
  console.log(
    `  ${area.padEnd(24)} ${((100 * detected) / total).toFixed(2).padStart(6)}%  (${detected}/${total})${of}`,
  );
}
const failed = results.filter((r) => !r.ok).map((r) => r.config);
if (failed.length) {
  console.error(
    `\nBelow its threshold, or failed: ${failed.join(', ')} (see the reports above and reports/mutation/*.html)`,
  );
  process.exit(1);
}
