import { Runtime } from '@temporalio/worker';

/**
 * Has the Temporal SDK serve its own worker metrics (activity execution and schedule-to-start latency, task slots,
 * polls) for Prometheus at http://<bindAddress>/metrics. Must run before the first connection: that creates the
 * SDK's runtime, whose telemetry is fixed from then on. The SDK's metric names and units are kept (durations in
 * milliseconds), so Temporal's own dashboards and docs apply as they are.
 */
export function exportWorkerMetrics(bindAddress: string): void {
  try {
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress } } } });
  } catch (err) {
    // The SDK's message ("Address already in use") does not say which setting to change.
    throw new Error(`WORKER_METRICS_ADDRESS=${bindAddress}: ${(err as Error).message}`, { cause: err });
  }
}
