// The unit tier's options (transform, environment) without its choice of files; jest reads configs as CommonJS.

const { projects } = require('./jest.config');
const {
  displayName: _name,
  testMatch: _files,
  testPathIgnorePatterns: _ignored,
  ...unit
} = projects.find((project) => project.displayName === 'unit');

/**
 * The jest config StrykerJS runs against every mutant (stryker/*.config.mjs): the unit tests of the area being
 * mutated only, nothing that starts a Temporal server, SMTP or PostgreSQL, so a mutant costs seconds, not minutes.
 */
const TESTS = {
  rules: ['<rootDir>/test/rules/**/*.test.ts'],
  security: [
    '<rootDir>/test/links/**/*.test.ts',
    '<rootDir>/test/rendering/safety.test.ts',
    '<rootDir>/test/rendering/compiledTemplates.test.ts',
    '<rootDir>/test/rendering/templates.test.ts',
    '<rootDir>/test/api/verifyHmac.test.ts',
    '<rootDir>/test/api/shopify*.test.ts',
    '<rootDir>/test/api/adminAuth.test.ts',
    // The routes behind the signed links: the only tests of answer, click and customer-link tokens end to end.
    '<rootDir>/test/api/unsubscribe.test.ts',
    '<rootDir>/test/api/clicks.test.ts',
    '<rootDir>/test/api/answers.test.ts',
    '<rootDir>/test/storage/sendLedger.test.ts',
  ],
};
const area = process.env.AFTERGLOW_MUTATION_AREA ?? 'rules';
if (!TESTS[area])
  throw new Error(`AFTERGLOW_MUTATION_AREA: no tests for "${area}" (use ${Object.keys(TESTS).join(', ')})`);

// The send ledger's storage tests run on SQLite alone here; the full suite still runs them on PostgreSQL too.
process.env.AFTERGLOW_TEST_DIALECTS ??= 'sqlite';

// AFTERGLOW_MUTATION_TESTS=test/rules/decide.test.ts,… narrows the tests further while you work on one file: quicker,
// but a mutant only another file's tests catch then shows as a survivor. The scores come from the full area.
const narrowed = process.env.AFTERGLOW_MUTATION_TESTS?.split(',').map((file) => `<rootDir>/${file.trim()}`);

// The 10,000-order import proof (two tests of 10-12 s each) reaches nearly every rule, so it would add 20 s to most
// mutants; the rules it walks through have unit tests of their own.
const SLOW = ['<rootDir>/test/rules/importedHistory.test.ts'];

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  testMatch: narrowed ?? TESTS[area],
  testPathIgnorePatterns: ['/node_modules/', ...SLOW],
  testTimeout: 30_000,
  maxWorkers: 2,
};
