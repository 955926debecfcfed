import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '../../client/searchAttributes';
import { loadContent } from '../../definitions/content';
import { createJourneyWorker } from '../../worker/createWorker';
import { quietRuntime } from '../../worker/quietRuntime';
import { type SmtpSink, startSmtpSink } from './smtpSink';
import { devServer } from './temporalBinaries';
import { openTestDependencies, REPO_ROOT } from './testDependencies';

/**
 * The real Temporal dev server (search attributes registered), an SMTP sink on loopback and a worker with the
 * real activities and shipped content: the parts end-to-end tests share.
 */
export async function startDevHarness(taskQueue: string, options: { server?: object; dataConverter?: DataConverter; sink?: Parameters<typeof startSmtpSink>[0] } = {}) {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...devServer(), searchAttributes: [...SEARCH_ATTRIBUTES], ...options.server },
    client: options.dataConverter ? { dataConverter: options.dataConverter } : undefined,
  });
  const sink: SmtpSink = await startSmtpSink(options.sink);
  const content = loadContent(REPO_ROOT);
  const deps = await openTestDependencies(() => content, sink.url);
  const worker: Worker = await createJourneyWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: deps.activities,
    dataConverter: options.dataConverter,
  });
  const running = worker.run();
  return {
    env,
    sink,
    deps,
    async close() {
      worker.shutdown();
      await running;
      await deps.close(); // the SMTP pool first, so the sink does not wait for its idle connections
      await sink.close();
      await env.teardown();
    },
  };
}
export type DevHarness = Awaited<ReturnType<typeof startDevHarness>>;
