import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import { recordingGateway } from '../../measurement/recordingGateway';
import { buildServer, type ServerOptions } from '../../api/server';
import { answerRecorder } from '../../client/answerRecorder';
import { consentRecorder } from '../../client/consentRecorder';
import { mailEventRecorder } from '../../client/mailEventRecorder';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { outboxDrainer } from '../../client/outboxDrainer';
import { preferenceService } from '../../client/preferenceService';
import { withTemporalDeadline } from '../../client/temporalUnavailable';
import { storeKeyring } from '../../credentials/storeKeys';
import type { Stores } from '../../storage';
import { TEST_LINK_SECRET } from './testDependencies';

/** The default store's key in tests that run the real API (test-only, never used outside tests). */
/** The default store's attribution window (5 days). */
export const ATTRIBUTION_WINDOW_MS = 5 * 86_400_000;
export const TEST_API_KEY = 'agk_testkey0_test-store-key-0123456789abcdef0123456789abc';

/**
 * The API as api/main.ts builds it, on real parts: the journey gateway on `client`, consent and mail providers'
 * reports stored with their outbox signals in `stores` and drained to Temporal, store keys, readiness checks. Listens on a free loopback port.
 */
export async function startTestApi(
  client: Client,
  stores: Stores,
  taskQueue: string,
  overrides: Partial<ServerOptions> = {},
) {
  const drainer = outboxDrainer(stores.outbox, client, { intervalMs: 250 });
  const recordConsent = consentRecorder(stores.db, drainer.drain);
  const app = await buildServer({
    gateway: recordingGateway(temporalJourneyGateway(client, taskQueue), stores.facts, () => ATTRIBUTION_WINDOW_MS),
    facts: stores.facts,
    storeKeys: () => storeKeyring([{ storeId: 'default', key: TEST_API_KEY }], []),
    readiness: {
      temporal: async () =>
        void (await withTemporalDeadline(client, () => client.workflowService.getSystemInfo({}), 1_500)),
      database: async () => void (await sql`select 1`.execute(stores.db)),
    },
    webhookDeliveries: stores.webhookDeliveries,
    webhookResources: stores.webhookResources,
    preferences: preferenceService(recordConsent, { facts: stores.facts }),
    recordConsent,
    answers: { recordAnswer: answerRecorder(stores.db, drainer.drain) },
    answerStore: stores.answers,
    recordMailReport: mailEventRecorder(stores.db, {
      facts: stores.facts,
      drain: drainer.drain,
      storeIds: () => ['default'],
    }),
    linkSecrets: [TEST_LINK_SECRET],
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'error' },
    logger: false,
    ...overrides,
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  drainer.start();
  return {
    app,
    baseUrl,
    drainer,
    /** A store's JSON POST with its key. */
    post: (route: string, body: unknown) =>
      fetch(`${baseUrl}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
        body: JSON.stringify(body),
      }),
    async close() {
      await app.close();
      await drainer.stop();
    },
  };
}
export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
