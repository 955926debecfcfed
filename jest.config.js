/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest'] },
  // cookie@2 (loaded by fastify's inject) ships only as an ES module; compile it to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  globalSetup: '<rootDir>/test/helpers/globalSetup.ts',
  // Temporal servers and workers take a while to start; the suite runs one file per core.
  testTimeout: 120_000,
  maxWorkers: 2,
};
