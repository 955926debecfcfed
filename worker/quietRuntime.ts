import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Keeps worker lifecycle chatter (bundling, state changes) out of tools and tests; warnings still show. */
export function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed earlier in this process.
  }
}
