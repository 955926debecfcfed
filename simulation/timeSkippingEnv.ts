import { TestWorkflowEnvironment } from '@temporalio/testing';
import { setMaxListeners } from 'node:events';
import { installWatchingRuntime } from './coreWarnings';
import { type SettlingTarget, settlingInterceptor } from './settleBeforeSignals';
import { type TaskWatch, type TaskWatchOptions, watchWorkflowTasks } from './taskWatch';
import { ensure } from '../scripts/ensureTemporal.cjs';

export interface GuardedTimeSkippingEnv {
  /** `env.teardown()` also stops the watch and cancels calls still waiting on the server. */
  env: TestWorkflowEnvironment;
  /** Sees a workflow task that fails or never completes; `env.sleep` and the client's calls stop on it. */
  watch: TaskWatch;
}

/**
 * Temporal's time-skipping test server, as the simulation and the workflow tests use it: signals and updates wait
 * until no timer of their workflow is about to fire (settleBeforeSignals.ts says why), and a task that fails or is
 * refused stops every wait at once instead of leaving it hanging.
 */
export async function startGuardedTimeSkippingEnv(watchOptions?: TaskWatchOptions): Promise<GuardedTimeSkippingEnv> {
  installWatchingRuntime();
  const target: Partial<SettlingTarget> = {};
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensure('temporal-test-server') } },
    client: { interceptors: { workflow: [settlingInterceptor(target)] } },
  });
  const watch = watchWorkflowTasks(env.client, watchOptions);
  // A call still waiting when the server goes away would be retried onto the closed channel, which throws out of
  // the SDK's retry timer (an uncaught exception): cancelled calls are not retried.
  const calls = new AbortController();
  setMaxListeners(0, calls.signal); // every call in flight listens to it
  const abortable = <T>(fn: () => Promise<T>) => env.connection.withAbortSignal(calls.signal, fn);
  const sleep = env.sleep;
  // Waiting for simulated time is where a stuck workflow would hang the caller.
  env.sleep = (duration) => watch.guard(abortable(() => sleep(duration)));
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    watch.stop();
    calls.abort();
    await teardown();
  };
  Object.assign(target, { env, watch, abortable });
  return { env, watch };
}
