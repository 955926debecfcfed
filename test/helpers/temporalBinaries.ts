import { ensure } from '../../scripts/ensureTemporal.cjs';

/** Server options for @temporalio/testing that use the project's own binaries (no download at test time). */
export const timeSkippingServer = () => ({
  executable: { type: 'existing-path' as const, path: ensure('temporal-test-server') },
});
export const devServer = () => ({ executable: { type: 'existing-path' as const, path: ensure('temporal') } });
