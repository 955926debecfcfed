import { isGrpcServiceError, type WorkflowClientInterceptor } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { setTimeout as delay } from 'node:timers/promises';
import { readRun } from './historyReading';
import type { TaskWatch } from './taskWatch';

/**
 * How close (server ms) a workflow timer may be to a signal or update. Longer than any workflow task may take (the
 * server times tasks out after 10 s), so the task the signal starts is complete before the timer falls due.
 */
const TIMER_CLEARANCE_MS = 10_000;
/** An activity still open after this long (real ms) is waiting to retry; the workflow is not in a timer then. */
const ACTIVITY_WAIT_MS = 2_000;
const GRPC_NOT_FOUND = 5;

/**
 * Why this exists: the time-skipping test server (sdk-java temporal-test-server, TestWorkflowMutableStateImpl
 * processCancelTimer) refuses a completion that cancels a timer which fell due while the task was in flight, with
 * INVALID_ARGUMENT "invalid history builder state for action", and then never schedules the workflow again; the
 * real server accepts it (it drops the buffered TimerFired). The journey does exactly that when a signal or an
 * update wakes `condition(woken, timeout)` and its timer is due a few milliseconds later: a message due at the same
 * instant as a simulated event. While a task is open, the test server's clock runs in real time, so whether the
 * timer falls due before the completion arrives is a race that a busy machine loses.
 *
 * So a signal or an update reaches a workflow only when it is idle and none of its timers is due within
 * TIMER_CLEARANCE_MS: time first moves past such a timer, as a store's webhook reaches a journey a moment after the
 * event. The workflow code and its commands stay exactly what production runs.
 */
async function settleBeforeSignal(env: TestWorkflowEnvironment, watch: TaskWatch, workflowId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  const started = Date.now();
  for (;;) {
    if (watch.failure) throw watch.failure; // a task that never completes would keep this loop waiting
    const history = await handle.fetchHistory().catch((err: unknown) => {
      if (isGrpcServiceError(err) && err.code.valueOf() === GRPC_NOT_FOUND) return undefined; // its first signal starts it
      throw err;
    });
    if (!history) return;
    const run = readRun(history.events ?? []);
    // A task in flight may start a timer this read cannot see yet; one that never completes is the task watch's case.
    if (run.openTask || (run.openActivities > 0 && Date.now() - started < ACTIVITY_WAIT_MS)) {
      await delay(10);
      continue;
    }
    const now = await env.currentTimeMs();
    const imminent = run.timerDues.filter((due) => due <= now + TIMER_CLEARANCE_MS);
    if (imminent.length === 0) return;
    await env.sleep(Math.max(Math.min(...imminent) - now, 0) + 1);
  }
}

export interface SettlingTarget {
  env: TestWorkflowEnvironment;
  watch: TaskWatch;
  /** Runs `fn` with its server calls cancelled at teardown (a call cut off by the server's exit is otherwise retried). */
  abortable: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * Client interceptor for the time-skipping server: settles the target workflow before each signal and update,
 * has the task watch follow every workflow the client touches, and stops any call as soon as the watch sees a
 * failed task. `target` is filled in once the environment exists (the client is created with it).
 */
export function settlingInterceptor(target: Partial<SettlingTarget>): WorkflowClientInterceptor {
  const parts = () => {
    if (!target.env || !target.watch || !target.abortable)
      throw new Error('settlingInterceptor: the environment is not attached yet');
    return target as SettlingTarget;
  };
  const settled = <T>(workflowId: string, call: () => Promise<T>) => {
    const { env, watch, abortable } = parts();
    watch.follow(workflowId);
    return watch.guard(abortable(() => settleBeforeSignal(env, watch, workflowId).then(call)));
  };
  const watched = <T>(workflowId: string, call: () => Promise<T>) => {
    const { watch, abortable } = parts();
    watch.follow(workflowId);
    return watch.guard(abortable(call));
  };
  return {
    startWithDetails: (input, next) => watched(input.options.workflowId, () => next(input)),
    signal: (input, next) => settled(input.workflowExecution.workflowId, () => next(input)),
    signalWithStart: (input, next) => settled(input.options.workflowId, () => next(input)),
    startUpdate: (input, next) => settled(input.workflowExecution.workflowId, () => next(input)),
    startUpdateWithStart: (input, next) => settled(input.workflowStartOptions.workflowId, () => next(input)),
    query: (input, next) => watched(input.workflowExecution.workflowId, () => next(input)),
  };
}
