import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { type JourneyGateway, temporalJourneyGateway } from '../../client/journeyGateway';
import type { Content } from '../../definitions/content';
import type { CustomerState } from '../../rules/journeyState';
import { customerWorkflowId, journeyState } from '../../workflows/messages';
import { createJourneyWorker } from '../../worker/createWorker';
import { quietRuntime } from '../../worker/quietRuntime';
import { type SmtpSink, startSmtpSink } from './smtpSink';
import { timeSkippingServer } from './temporalBinaries';
import { openTestDependencies, REPO_ROOT } from './testDependencies';

export { REPO_ROOT };

export const DAY = 86_400_000;

/**
 * A time-skipping Temporal server, a real SMTP sink on loopback and a worker with the real activities.
 * `content` is swappable so a test can edit journeys while customers are in them.
 */
export async function startJourneyHarness(content: () => Content) {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: timeSkippingServer() });
  const sink: SmtpSink = await startSmtpSink({ rejectRcpt: (a) => a.startsWith('bounce') });
  const deps = await openTestDependencies(content, sink.url);
  const taskQueue = 'journeys-test';
  const worker: Worker = await createJourneyWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: deps.activities,
  });
  const running = worker.run();
  const gateway: JourneyGateway = temporalJourneyGateway(env.client, taskQueue, { searchAttributes: false });
  return {
    env,
    sink,
    stores: deps.stores,
    gateway,
    now: async () => env.currentTimeMs(),
    state: (customerId: string, storeId = 'default') =>
      env.client.workflow.getHandle(customerWorkflowId(storeId, customerId)).query(journeyState) as Promise<CustomerState>,
    async close() {
      worker.shutdown();
      await running;
      await deps.close(); // the SMTP pool first, so the sink does not wait for its idle connections
      await sink.close();
      await env.teardown();
    },
  };
}

export type JourneyHarness = Awaited<ReturnType<typeof startJourneyHarness>>;
