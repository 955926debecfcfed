import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { JourneyActivities } from '../activities/types';
import { defaultWorkflowsPath, prebuiltWorkflowBundle } from './workflowBundle';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: JourneyActivities;
  /** Payload encryption (codec/dataConverter.ts); undefined = SDK default. */
  dataConverter?: DataConverter;
  /** Tuning knobs the benchmarks measure (concurrency, rate limits). */
  tuning?: Partial<
    Pick<
      WorkerOptions,
      | 'maxConcurrentActivityTaskExecutions'
      | 'maxConcurrentWorkflowTaskExecutions'
      | 'maxTaskQueueActivitiesPerSecond'
      | 'workflowThreadPoolSize'
      | 'maxCachedWorkflows'
    >
  >;
  /**
   * prebuilt (default): the bundle worker/workflowBundle.ts keeps on disk, rebuilt only when a workflow source,
   * the lockfile or the converters change. bundle-at-start: webpack bundles the workflows inside Worker.create.
   */
  workflowCode?: 'prebuilt' | 'bundle-at-start';
}

/** The worker that runs customers' journeys: the workflow code plus the planning and sending activities. */
export async function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  const code =
    options.workflowCode === 'bundle-at-start'
      ? { workflowsPath: defaultWorkflowsPath() }
      : await workflowBundleOption(options.dataConverter);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...code,
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...options.tuning,
  });
}

async function workflowBundleOption(
  dataConverter: DataConverter | undefined,
): Promise<Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>> {
  const logger = Runtime.instance().logger;
  try {
    const { codePath } = await prebuiltWorkflowBundle({
      failureConverterPath: dataConverter?.failureConverterPath,
      payloadConverterPath: dataConverter?.payloadConverterPath,
      logger,
    });
    return { workflowBundle: { codePath } };
  } catch (err) {
    // A read-only or full disk only costs the start-up time: bundle in memory as Worker.create would.
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    logger.warn(`workflow bundle cache unusable (${(err as Error).message}); bundling at start`);
    return { workflowsPath: defaultWorkflowsPath() };
  }
}
