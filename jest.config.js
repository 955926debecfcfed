/**
 * The suite in tiers (CONTRIBUTING.md, Running the tests): `npm run test:unit` and the like run one
 * (`jest --selectProjects unit`); `npm test` runs them all.
 *
 * A tier is a list of folders (ending in '/') and single files, by what their tests start: anything that starts
 * PostgreSQL, a Temporal server, an SMTP server, the CLI as a process or Chromium is not unit. A file belongs to the
 * most specific entry that names it (a file entry beats its folder's), so every test runs in exactly one tier.
 */
const TIERS = {
  unit: ['test/'],
  // PostgreSQL (a throwaway cluster per file) beside SQLite.
  storage: [
    'test/storage/',
    'test/privacy/',
    'test/api/privacy.test.ts',
    'test/api/woocommerceWebhooks.test.ts',
    'test/cli/runImport.test.ts',
    'test/measurement/reports.test.ts',
  ],
  // The workflow code on Temporal's time-skipping server, its bundle, and the replay of saved histories.
  workflow: [
    'test/workflows/',
    'test/simulation/',
    'test/codec/encryptedHistory.test.ts',
    'test/domain/customerPlaceJourney.test.ts',
    'test/worker/workflowBundle.test.ts',
    // Pure rules, but at full import scale (10,000 orders): a minute of CPU, standing in for the journeys themselves.
    'test/rules/importedHistory.test.ts',
  ],
  // A dev server, the API, an SMTP server on loopback, or the CLI run as a person runs it.
  e2e: [
    'test/e2e/',
    'test/activities/',
    'test/cli/answers.test.ts',
    'test/cli/cli.test.ts',
    'test/cli/contentErrors.test.ts',
    'test/cli/demoData.test.ts',
    'test/cli/importCli.test.ts',
    'test/cli/journeys.test.ts',
    'test/cli/keys.test.ts',
    'test/cli/privacy.test.ts',
    'test/cli/report.test.ts',
    'test/cli/sendTest.test.ts',
    'test/cli/sendTestLinks.test.ts',
    'test/cli/setup.test.ts',
    'test/cli/simulate.test.ts',
    'test/cli/simulateStops.test.ts',
    'test/codec/temporalCli.test.ts',
    'test/support/findCli.test.ts',
    'test/support/supportCli.test.ts',
    'test/support/supportGateway.test.ts',
    'test/worker/sendRateLimit.test.ts',
  ],
  // Processes killed, SMTP outages, Temporal restarts.
  fault: ['test/fault/', 'test/ops/startSupervision.test.ts'],
  // Chromium, driven by playwright-core.
  browser: ['test/browser/', 'test/e2e/answerInBrowser.test.ts', 'test/api/reports.test.ts'],
};

/** What every project needs: jest projects inherit none of the root's options. */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest'] },
  // cookie@2 (loaded by fastify's inject) and content-disposition@2 (by @fastify/static, under /docs) ship only as
  // ES modules; compile them to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  // The cluster's Go module cache (npm run cluster) holds a million files jest need not crawl.
  modulePathIgnorePatterns: ['<rootDir>/.cluster/'],
};

/** Installs the Temporal CLI and test server once, before any file of a tier that starts them. */
const temporal = { globalSetup: '<rootDir>/test/helpers/globalSetup.ts' };

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function project(name, options) {
  const entries = TIERS[name];
  // Entries of other tiers inside this tier's folders (e.g. test/cli/runImport.test.ts inside unit's test/).
  const others = Object.entries(TIERS)
    .filter(([tier]) => tier !== name)
    .flatMap(([, list]) => list)
    .filter((other) => entries.some((entry) => entry.endsWith('/') && other.startsWith(entry) && other !== entry));
  return {
    ...shared,
    displayName: name,
    testMatch: entries.map((entry) => `<rootDir>/${entry}${entry.endsWith('/') ? '**/*.test.ts' : ''}`),
    testPathIgnorePatterns: [
      '/node_modules/',
      // A Temporal cluster of four processes: `npm run test:cluster` (jest.cluster.config.js), opt-in.
      '<rootDir>/test/cluster/',
      ...others.map((other) => `<rootDir>/${escapeRegExp(other)}`),
    ],
    ...options,
  };
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('unit'),
    project('storage'),
    project('workflow', temporal),
    project('e2e', temporal),
    project('fault', temporal),
    project('browser', temporal),
  ],
  // Temporal servers and workers take a while to start. A global option: jest-circus ignores a project's testTimeout.
  testTimeout: 120_000,
  // The suite runs one file per core.
  maxWorkers: 2,
};
