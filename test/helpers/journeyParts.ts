import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { JourneyActivities } from '../../activities/types';
import type { PayloadKeyRing } from '../../codec/keyRing';
import type { Content } from '../../definitions/content';
import { createJourneyWorker, type JourneyWorkerOptions } from '../../worker/createWorker';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from '../../devtools/smtpSink';
import { openTestDependencies } from './testDependencies';

/**
 * Replaces some of the real activities (given, to call through to), e.g. a sendMessage that fails on cue: failure
 * paths tested without an SMTP server scripted to fail.
 */
export type ActivityOverrides = (real: JourneyActivities) => Partial<JourneyActivities>;

/**
 * What every journey test runs beside its Temporal server: an SMTP sink on loopback and a worker with the real
 * activities (or `activities`' overrides of some). `close` stops them in the order that lets each finish (worker,
 * SMTP pool, sink, server).
 */
export async function startJourneyParts(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  options: {
    content: () => Content;
    sink?: Omit<SmtpSinkOptions, 'parse'>;
    dataConverter?: DataConverter;
    tuning?: JourneyWorkerOptions['tuning'];
    /** The data folder, when the test's live content keeps its adopted sets there (else a throwaway one). */
    dataDir?: string;
    /** The vault's master keys: the activities open sealed fields (privacy/). */
    vaultKeys?: PayloadKeyRing;
    activities?: ActivityOverrides;
  },
) {
  const sink: SmtpSink = await startSmtpSink(options.sink);
  const deps = await openTestDependencies(options.content, sink.url, options.dataDir, options.vaultKeys);
  const worker = await createJourneyWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: { ...deps.activities, ...options.activities?.(deps.activities) },
    dataConverter: options.dataConverter,
    tuning: options.tuning,
  });
  const running = worker.run();
  return {
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
