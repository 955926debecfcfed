import { Connection } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { google, grpc } from '@temporalio/proto';
import { registerSearchAttributes } from '../../client/registerSearchAttributes';

const GRPC_ALREADY_EXISTS = 6;

async function withConnection<T>(address: string, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** Resolves once the frontend answers its health check as SERVING. */
export async function waitForFrontend(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const { status } = await withConnection(address, (c) =>
        c.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' }),
      );
      if (status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING) return;
      last = `status ${status}`;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(
    `the Temporal frontend at ${address} did not answer as SERVING within ${timeoutMs / 1000} s (${last instanceof Error ? last.message : String(last)})`,
  );
}

/**
 * A namespace with Afterglow's search attributes, ready for journeys: SQL visibility maps search attributes per
 * namespace, and each service learns of a new namespace or attribute only when its namespace cache refreshes
 * (every ~2 s), so a start right after registering would fail with "has no mapping defined for search attribute".
 */
export async function ensureNamespace(address: string, namespace: string, retentionDays = 3): Promise<void> {
  await withConnection(address, async (connection) => {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: google.protobuf.Duration.fromObject({ seconds: retentionDays * 86_400 }),
      });
    } catch (error) {
      if ((error as { code?: unknown }).code !== GRPC_ALREADY_EXISTS) throw error;
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await registerSearchAttributes(connection, namespace);
        // A query naming an attribute answers once the frontend's cache holds both the namespace and the mapping.
        await connection.workflowService.countWorkflowExecutions({ namespace, query: `CustomerId = 'nobody'` });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  });
  // The history and matching services refresh on their own clock: one more refresh interval and a margin.
  await sleep(2_500);
}
