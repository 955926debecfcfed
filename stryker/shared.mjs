/**
 * What the mutation-testing configs share (stryker/rules-*.config.mjs, stryker/security.config.mjs): the unit tests
 * of jest.stryker.config.js, run per test (only the tests that reach a mutant run against it), the TypeScript
 * checker to drop mutants that would not compile, and incremental mode so that a run re-tests only what changed
 * since the committed results in reports/.
 */
export function mutationConfig({ area, part = area, mutate, breakAt }) {
  // jest.stryker.config.js runs this area's unit tests only; `part` names the reports and the incremental file.
  process.env.AFTERGLOW_MUTATION_AREA = area;
  return {
    $schema: '../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    testRunner: 'jest',
    jest: { projectType: 'custom', configFile: 'jest.stryker.config.js', enableFindRelatedTests: false },
    // STRYKER_CHECKERS=none skips the type check (each batch of mutants costs a tsc pass): mutants that would not
    // compile then run and are mostly killed, so scores differ slightly. For a quick look on a busy machine only.
    checkers: process.env.STRYKER_CHECKERS === 'none' ? [] : ['typescript'],
    tsconfigFile: 'tsconfig.stryker.json',
    coverageAnalysis: 'perTest',
    // Mutants in code that runs only when a module loads (zod schemas, regexes, tables built at the top of a file)
    // cannot be traced to the tests that reach them, so each would run every test with fresh modules: most of the
    // run's time for a fifth of the mutants. They are reported as ignored; see CONTRIBUTING.md.
    ignoreStatic: true,
    mutate,
    // The machine is shared (see CONTRIBUTING.md): one or two test processes, never one per core by default.
    concurrency: 2,
    incremental: true,
    incrementalFile: `reports/mutation/${part}-incremental.json`,
    thresholds: { high: 95, low: breakAt, break: breakAt },
    // json: read by scripts/mutationTest.ts for the scores per area.
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${part}.html` },
    jsonReporter: { fileName: `reports/mutation/${part}.json` },
    clearTextReporter: { allowColor: false, logTests: false },
    // Not needed by unit tests; copying them into the sandbox would only cost time.
    ignorePatterns: [
      '.stryker-tmp*',
      '.temporal',
      '.cluster',
      'data',
      'out',
      'coverage',
      'test-artifacts',
      'bench',
      'docs',
      'test/histories',
    ],
    tempDirName: '.stryker-tmp',
    // Generous: on a busy machine a test run slowed by other work must not be taken for a mutant that hangs (a
    // timeout counts as caught, so a false one would hide a survivor).
    timeoutMS: 20_000,
  };
}
