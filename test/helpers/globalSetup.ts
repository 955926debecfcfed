/** Installs the Temporal CLI and test server once before any test file needs them. */
export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensure } = require('../../scripts/ensureTemporal.cjs');
  ensure('temporal');
  ensure('temporal-test-server');
}
