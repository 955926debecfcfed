import os from 'node:os';
import type { Config } from '../temporal.config';
import type { JourneyWorkerOptions } from './createWorker';

type TuningConfig = Pick<
  Config,
  | 'AFTERGLOW_SEND_RATE_LIMIT'
  | 'AFTERGLOW_WORKER_CONCURRENT_SENDS'
  | 'AFTERGLOW_WORKER_WORKFLOW_THREADS'
  | 'AFTERGLOW_WORKER_CACHED_JOURNEYS'
>;

/**
 * The worker's tuning knobs from the configuration; unset ones keep the SDK's defaults, except the workflow
 * threads: two where there are two cores (the morning-wave bench: 73 -> 91 emails/s on 2 cores, the workflow
 * thread being the limit with one).
 */
export function workerTuning(
  config: TuningConfig,
  cores = os.availableParallelism(),
): NonNullable<JourneyWorkerOptions['tuning']> {
  const tuning: NonNullable<JourneyWorkerOptions['tuning']> = {};
  if (cores >= 2) tuning.workflowThreadPoolSize = 2;
  if (config.AFTERGLOW_SEND_RATE_LIMIT !== undefined)
    tuning.maxTaskQueueActivitiesPerSecond = config.AFTERGLOW_SEND_RATE_LIMIT;
  if (config.AFTERGLOW_WORKER_CONCURRENT_SENDS !== undefined)
    tuning.maxConcurrentActivityTaskExecutions = config.AFTERGLOW_WORKER_CONCURRENT_SENDS;
  if (config.AFTERGLOW_WORKER_WORKFLOW_THREADS !== undefined)
    tuning.workflowThreadPoolSize = config.AFTERGLOW_WORKER_WORKFLOW_THREADS;
  if (config.AFTERGLOW_WORKER_CACHED_JOURNEYS !== undefined)
    tuning.maxCachedWorkflows = config.AFTERGLOW_WORKER_CACHED_JOURNEYS;
  return tuning;
}
