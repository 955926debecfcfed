import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { JourneyActivities } from '../activities/types';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: JourneyActivities;
  /** Payload encryption (codec/dataConverter.ts); undefined = SDK default. */
  dataConverter?: DataConverter;
  /** Tuning knobs the benchmarks measure (concurrency, rate limits). */
  tuning?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxTaskQueueActivitiesPerSecond'>>;
}

/** The worker that runs customers' journeys: the workflow code plus the planning and sending activities. */
export function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...options.tuning,
  });
}
