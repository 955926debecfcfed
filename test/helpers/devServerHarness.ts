import type { DataConverter } from '@temporalio/common';
import type { PayloadKeyRing } from '../../codec/keyRing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../client/searchAttributes';
import type { Content } from '../../definitions/content';
import type { JourneyWorkerOptions } from '../../worker/createWorker';
import { quietRuntime } from '../../worker/quietRuntime';
import { devServer } from './temporalBinaries';
import { startJourneyParts } from './journeyParts';
import type { SmtpSinkOptions } from '../../devtools/smtpSink';
import { fixtureContent } from './fixtureContent';

/**
 * The real Temporal dev server (search attributes registered), an SMTP sink on loopback and a worker with the
 * real activities and the fixture content (or `content`): the parts end-to-end tests share.
 */
export async function startDevHarness(
  taskQueue: string,
  options: {
    server?: object;
    dataConverter?: DataConverter;
    sink?: Omit<SmtpSinkOptions, 'parse'>;
    content?: () => Content;
    tuning?: JourneyWorkerOptions['tuning'];
    dataDir?: string;
    vaultKeys?: PayloadKeyRing;
  } = {},
) {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...devServer(), searchAttributes: [...SEARCH_ATTRIBUTES], ...options.server },
    client: options.dataConverter ? { dataConverter: options.dataConverter } : undefined,
  });
  const fixture = fixtureContent();
  const parts = await startJourneyParts(env, taskQueue, { ...options, content: options.content ?? (() => fixture) });
  return { env, ...parts };
}

export type DevHarness = Awaited<ReturnType<typeof startDevHarness>>;
