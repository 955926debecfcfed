import type { PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { setTimeout as delay } from 'node:timers/promises';
import { installWatchingRuntime } from '../../simulation/coreWarnings';
import { readRun } from '../../simulation/historyReading';
import { WorkflowTaskFailure, watchWorkflowTasks } from '../../simulation/taskWatch';
import { startGuardedTimeSkippingEnv } from '../../simulation/timeSkippingEnv';
import { timeSkippingServer } from '../helpers/temporalBinaries';
import { poke, timerRace } from './fixtures/timerRace';

const { EventType } = temporal.api.enums.v1;
const DAY = 86_400_000;
const taskQueue = 'timer-race';
/** The signal lands this long (server ms) before the workflow's timer falls due… */
const SIGNAL_BEFORE_TIMER_MS = 300;
/** …and its task stays in flight this long (real ms): the worker decodes payloads slowly. */
const slowDecoding: PayloadCodec = {
  encode: async (payloads) => payloads,
  decode: async (payloads) => {
    await delay(1_500);
    return payloads;
  },
};

let workflowBundle: WorkflowBundle;
beforeAll(async () => {
  installWatchingRuntime();
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/timerRace'),
    logger: { ...console, log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined },
  });
});

const startWorker = (env: TestWorkflowEnvironment, { slow = true } = {}) =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    dataConverter: { payloadCodecs: slow ? [slowDecoding] : [] },
  });

/** Starts the fixture and returns once its first task has started the timer (server time it falls due). */
async function startTimer(env: TestWorkflowEnvironment, workflowId: string, timeoutMs = 2_000) {
  const handle = await env.client.workflow.start(timerRace, { taskQueue, workflowId, args: [timeoutMs] });
  let dues: number[] = [];
  while (dues.length === 0) dues = readRun((await handle.fetchHistory()).events ?? []).timerDues;
  return { handle, timerDue: dues[0] };
}

/** …and moves time to just before the timer: where the simulation's reorder landed. */
async function startAndApproachTimer(env: TestWorkflowEnvironment, workflowId: string) {
  const started = await startTimer(env, workflowId);
  await env.sleep(started.timerDue - SIGNAL_BEFORE_TIMER_MS - (await env.currentTimeMs()));
  return started;
}

describe('the time-skipping server and a timer that falls due while a signal is handled', () => {
  it('unguarded, the server refuses the completion that cancels the timer; the task watch says so within seconds', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({ server: timeSkippingServer() });
    const watch = watchWorkflowTasks(env.client);
    const stuckCalls = new AbortController();
    try {
      const worker = await startWorker(env);
      await worker.runUntil(async () => {
        const { handle, timerDue } = await startAndApproachTimer(env, 'race-unguarded');
        watch.follow(handle.workflowId);
        await handle.signal(poke, {});
        const waited = Date.now();
        const failure = await watch
          .guard(env.connection.withAbortSignal(stuckCalls.signal, () => env.sleep(DAY)))
          .catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(WorkflowTaskFailure);
        expect(failure).toMatchObject({
          workflowId: 'race-unguarded',
          what: expect.stringMatching(/refused a workflow task completion: .*invalid history builder state for action/),
        });
        // The refused task is the one the signal started, just before the timer.
        expect(Math.abs((failure as WorkflowTaskFailure).at! - (timerDue - SIGNAL_BEFORE_TIMER_MS))).toBeLessThan(
          SIGNAL_BEFORE_TIMER_MS,
        );
        expect(Date.now() - waited).toBeLessThan(5_000);
        // Without the watch this wait never ends: the server keeps the task open and the clock locked.
        const history = (await handle.fetchHistory()).events ?? [];
        expect(history.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
      });
    } finally {
      watch.stop();
      stuckCalls.abort();
      await env.teardown();
    }
  });

  it('guarded, the signal waits until the timer has fired and been handled, and the run goes on', async () => {
    const { env, watch } = await startGuardedTimeSkippingEnv();
    try {
      const worker = await startWorker(env);
      await worker.runUntil(async () => {
        const { handle, timerDue } = await startAndApproachTimer(env, 'race-guarded');
        await handle.signal(poke, {});
        expect(await env.currentTimeMs()).toBeGreaterThan(timerDue);
        expect(await handle.result()).toBe('timer');
        const types = ((await handle.fetchHistory()).events ?? []).map((e) => e.eventType);
        expect(types.indexOf(EventType.EVENT_TYPE_TIMER_FIRED)).toBeLessThan(
          types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
        );
        expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
        expect(watch.failure).toBeUndefined();
      });
    } finally {
      await env.teardown();
    }
  });

  it('guarded, a workflow task that fails is reported from the history within seconds, with its reason', async () => {
    const { env } = await startGuardedTimeSkippingEnv();
    try {
      const worker = await startWorker(env);
      await worker.runUntil(async () => {
        const { handle } = await startTimer(env, 'race-broken', DAY);
        await handle.signal(poke, { fail: true });
        const waited = Date.now();
        await expect(env.sleep(DAY)).rejects.toMatchObject({
          workflowId: 'race-broken',
          what: 'workflow task failed (workflow_worker_unhandled_failure): poke handler broke on purpose',
        });
        expect(Date.now() - waited).toBeLessThan(6_000);
      });
    } finally {
      await env.teardown();
    }
  });

  it('guarded, a task nobody completes (no worker left) stops the wait once it has been open too long', async () => {
    const { env } = await startGuardedTimeSkippingEnv({ pollMs: 200, stuckMs: 2_000 });
    try {
      const worker = await startWorker(env, { slow: false });
      const { handle, timerDue } = await worker.runUntil(() => startTimer(env, 'race-orphaned'));
      await env.sleep(timerDue + 1 - (await env.currentTimeMs())); // the timer fires; its task waits for a worker
      await expect(env.sleep(DAY)).rejects.toMatchObject({
        workflowId: handle.workflowId,
        what: 'a workflow task has not completed for 2 s: the server or the worker is stuck',
      });
    } finally {
      await env.teardown();
    }
  });
});
