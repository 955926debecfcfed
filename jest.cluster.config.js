// `npm run test:cluster`: the tests that start a multi-service Temporal cluster (test/cluster/), one file at a time
// (each starts four server processes and PostgreSQL). Opt-in: not part of `npm test` or .ci/run.

const { projects, testTimeout } = require('./jest.config');
const {
  displayName: _name,
  testMatch: _files,
  testPathIgnorePatterns: _ignored,
  ...e2e
} = projects.find((project) => project.displayName === 'e2e');

/** @type {import('jest').Config} */
module.exports = {
  ...e2e,
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  testTimeout,
  maxWorkers: 1,
};
