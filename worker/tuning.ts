import type { Config } from '../temporal.config';
import type { JourneyWorkerOptions } from './createWorker';

/** The worker's tuning knobs from the configuration; unset ones keep the SDK's defaults. */
export function workerTuning(config: Pick<Config, 'AFTERGLOW_SEND_RATE_LIMIT' | 'AFTERGLOW_WORKER_CONCURRENT_SENDS'>): NonNullable<JourneyWorkerOptions['tuning']> {
  const tuning: NonNullable<JourneyWorkerOptions['tuning']> = {};
  if (config.AFTERGLOW_SEND_RATE_LIMIT !== undefined) tuning.maxTaskQueueActivitiesPerSecond = config.AFTERGLOW_SEND_RATE_LIMIT;
  if (config.AFTERGLOW_WORKER_CONCURRENT_SENDS !== undefined) tuning.maxConcurrentActivityTaskExecutions = config.AFTERGLOW_WORKER_CONCURRENT_SENDS;
  return tuning;
}
