import type { Client } from '@temporalio/client';
import { setMaxListeners } from 'node:events';
import { onRejectedCompletion } from './coreWarnings';
import { readRun } from './historyReading';

/** A workflow task failed, timed out, was refused by the server or never completed: the run cannot go on. */
export class WorkflowTaskFailure extends Error {
  constructor(
    /** Which workflow, when it could be told. */
    readonly workflowId: string | undefined,
    /** Server (simulated) time of the task, when known. */
    readonly at: number | undefined,
    readonly what: string,
  ) {
    super(
      `${workflowId ?? 'a workflow'}: ${what}${at === undefined ? '' : ` (at ${new Date(at).toISOString()}, server time)`}`,
    );
  }
}

export interface TaskWatch {
  /** Watch this workflow's tasks too (the settling interceptor adds every workflow it starts, signals or updates). */
  follow(workflowId: string): void;
  /** `promise`, unless a failure is seen first: then a rejection with the WorkflowTaskFailure, at once. */
  guard<T>(promise: Promise<T>): Promise<T>;
  readonly failure: WorkflowTaskFailure | undefined;
  stop(): void;
}

export interface TaskWatchOptions {
  /** How often the histories are read (real ms). */
  pollMs?: number;
  /** A task open this long (real ms) is stuck: the server times tasks out after 10 s, so a healthy one never is. */
  stuckMs?: number;
}

/**
 * Watches workflows on the time-skipping server for a task that fails or never completes, so that a simulation or a
 * test stops within seconds with the reason instead of waiting forever for time that will not advance.
 */
export function watchWorkflowTasks(
  client: Client,
  { pollMs = 2_000, stuckMs = 15_000 }: TaskWatchOptions = {},
): TaskWatch {
  const followed = new Set<string>();
  const openSince = new Map<string, { scheduledEventId: number; seenAt: number }>();
  let failure: WorkflowTaskFailure | undefined;
  let reject!: (err: WorkflowTaskFailure) => void;
  const failed = new Promise<never>((_, r) => (reject = r));
  failed.catch(() => undefined); // only guarded calls report it
  const fail = (err: WorkflowTaskFailure) => {
    if (failure) return;
    failure = err;
    reject(err);
  };
  // Aborted on stop(): a read cut off by the server going away must not be retried onto a closed channel.
  const reads = new AbortController();
  setMaxListeners(0, reads.signal); // every read in flight listens to it
  const readFollowed = (workflowId: string) =>
    client.connection.withAbortSignal(reads.signal, async () =>
      readRun((await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []),
    );

  const unsubscribe = onRejectedCompletion((reason) => {
    // The refused task stays open in the history: that names the workflow and the moment.
    void (async () => {
      for (const workflowId of followed) {
        const open = await readFollowed(workflowId).then(
          (run) => run.openTask,
          () => undefined,
        );
        if (open)
          return fail(
            new WorkflowTaskFailure(workflowId, open.at, `the server refused a workflow task completion: ${reason}`),
          );
      }
      fail(new WorkflowTaskFailure(undefined, undefined, `the server refused a workflow task completion: ${reason}`));
    })();
  });

  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    for (const workflowId of followed) {
      const run = await readFollowed(workflowId).catch(() => undefined); // not started yet, or the server is going away
      if (!run || failure) continue;
      const problem = run.taskProblems[0] ?? run.brokeWith;
      if (problem) return fail(new WorkflowTaskFailure(workflowId, problem.at, problem.what));
      const open = run.openTask;
      const since = openSince.get(workflowId);
      if (!open) openSince.delete(workflowId);
      else if (since?.scheduledEventId !== open.scheduledEventId)
        openSince.set(workflowId, { scheduledEventId: open.scheduledEventId, seenAt: Date.now() });
      else if (Date.now() - since.seenAt > stuckMs)
        return fail(
          new WorkflowTaskFailure(
            workflowId,
            open.at,
            `a workflow task has not completed for ${Math.round(stuckMs / 1000)} s: the server or the worker is stuck`,
          ),
        );
    }
  };
  const schedule = () => {
    timer = setTimeout(() => void poll().finally(() => failure || timer === undefined || schedule()), pollMs);
    timer.unref();
  };
  schedule();

  return {
    follow: (workflowId) => void followed.add(workflowId),
    guard<T>(promise: Promise<T>) {
      promise.catch(() => undefined); // left behind when the failure wins; it rejects once the server is torn down
      return failure ? Promise.reject(failure) : Promise.race([promise, failed]);
    },
    get failure() {
      return failure;
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      unsubscribe();
      reads.abort();
    },
  };
}
