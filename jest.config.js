/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest'] },
  // cookie@2 (loaded by fastify's inject) and content-disposition@2 (by @fastify/static, under /docs) ship only as
  // ES modules; compile them to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  // Temporal servers and workers take a while to start; the suite runs one file per core.
  testTimeout: 120_000,
  maxWorkers: 2,
};
