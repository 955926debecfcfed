import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run test:mutation [-- <stryker options>]`: StrykerJS on the rules (stryker/rules.config.mjs, fails below 85%)
 * and on the security code (stryker/security.config.mjs, fails below 90%), one after the other, then the score of
 * each area. Extra options go to both runs, e.g. `-- --mutate rules/decide.ts` (a file outside a config's areas
 * mutates nothing there). Opt-in: it is not part of `npm test` or .ci/run.
 */
const ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(ROOT, 'reports/mutation');
const STRYKER = path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js');

/** The areas the scores are shown for: each a path prefix of the mutated files, in the config that holds it. */
const AREAS: { config: 'rules' | 'security'; area: string; prefix: string }[] = [
  { config: 'rules', area: 'rules/', prefix: 'rules/' },
  { config: 'security', area: 'links/', prefix: 'links/' },
  { config: 'security', area: 'api/shopify/', prefix: 'api/shopify/' },
  { config: 'security', area: 'api/adminAuth.ts', prefix: 'api/adminAuth.ts' },
  { config: 'security', area: 'rendering/ (escaping)', prefix: 'rendering/' },
  { config: 'security', area: 'storage/sendLedger.ts', prefix: 'storage/sendLedger.ts' },
];

/** Stryker's score: detected (killed, timed out) over valid mutants; compile errors and ignored ones do not count. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

function areaScores(config: string): { area: string; detected: number; total: number }[] {
  const file = path.join(REPORTS, `${config}.json`);
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  return AREAS.filter((a) => a.config === config).flatMap(({ area, prefix }) => {
    const mutants = Object.entries(report.files)
      .filter(([name]) => path.relative(ROOT, path.resolve(ROOT, name)).startsWith(prefix))
      .flatMap(([, f]) => f.mutants);
    const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
    const total = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
    return total ? [{ area, detected, total }] : [];
  });
}

const extra = process.argv.slice(2);
// With --mutate, only the configs whose areas hold one of the files run (the other would mutate nothing).
const mutateAt = extra.indexOf('--mutate');
const patterns = mutateAt >= 0 ? (extra[mutateAt + 1] ?? '').split(',') : [];
const configs = (['rules', 'security'] as const).filter(
  (config) =>
    !patterns.length || AREAS.some((a) => a.config === config && patterns.some((p) => p.startsWith(a.prefix))),
);
const results = configs.map((config) => {
  fs.rmSync(path.join(REPORTS, `${config}.json`), { force: true });
  const run = spawnSync(process.execPath, [STRYKER, 'run', `stryker/${config}.config.mjs`, ...extra], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return { config, ok: run.status === 0 };
});

console.log('\nMutation score per area (killed + timed out, of the mutants that compile and are not disabled):');
for (const { config } of results)
  for (const { area, detected, total } of areaScores(config))
    console.log(
      `  ${area.padEnd(24)} ${((100 * detected) / total).toFixed(2).padStart(6)}%  (${detected}/${total})  ${config} config`,
    );
const failed = results.filter((r) => !r.ok).map((r) => r.config);
if (failed.length) {
  console.error(
    `\nBelow its threshold, or failed: ${failed.join(', ')} (see the reports above and reports/mutation/*.html)`,
  );
  process.exit(1);
}
