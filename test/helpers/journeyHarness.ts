import { type JourneyGateway, temporalJourneyGateway } from '../../client/journeyGateway';
import type { Content } from '../../definitions/content';
import { startGuardedTimeSkippingEnv } from '../../simulation/timeSkippingEnv';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { type ActivityOverrides, startJourneyParts } from './journeyParts';
import { REPO_ROOT } from './testDependencies';

export { REPO_ROOT };

export const DAY = 86_400_000;

/**
 * A time-skipping Temporal server, a real SMTP sink on loopback and a worker with the real activities.
 * `content` is swappable so a test can edit journeys while customers are in them.
 * The server is the simulation's guarded one: a workflow task that fails or is refused makes `env.sleep`, `state`
 * and the client's calls reject at once with the reason (the test fails in seconds, not at its timeout), and
 * signals and updates never race a timer about to fire (simulation/settleBeforeSignals.ts).
 * `activities` replaces some of the real activities (journeyParts.ts).
 */
export async function startJourneyHarness(
  content: () => Content,
  options: { dataDir?: string; activities?: ActivityOverrides } = {},
) {
  const { env } = await startGuardedTimeSkippingEnv();
  const taskQueue = 'journeys-test';
  const parts = await startJourneyParts(env, taskQueue, {
    content,
    sink: { rejectRcpt: (a) => a.startsWith('bounce') },
    dataDir: options.dataDir,
    activities: options.activities,
  });
  const gateway: JourneyGateway = temporalJourneyGateway(env.client, taskQueue, { searchAttributes: false });
  return {
    env,
    sink: parts.sink,
    stores: parts.deps.stores,
    gateway,
    now: async () => env.currentTimeMs(),
    state: (customerId: string, storeId = 'default') =>
      env.client.workflow.getHandle(customerWorkflowId(storeId, customerId)).query(journeyState),
    close: () => parts.close(),
  };
}

export type JourneyHarness = Awaited<ReturnType<typeof startJourneyHarness>>;
