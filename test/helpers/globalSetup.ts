import { ensure } from '../../scripts/ensureTemporal.cjs';

/** Installs the Temporal CLI and test server once before any test file needs them. */
export default async function globalSetup(): Promise<void> {
  ensure('temporal');
  ensure('temporal-test-server');
}
