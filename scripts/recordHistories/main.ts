/**
 * `npm run record-histories`: records the histories test/workflows/replay.test.ts replays, through the production
 * entry points: the HTTP API (buildServer, three deployments: search attributes full, lean, and full with a short
 * history) and the journey worker (prebuilt bundle, real activities, payload encryption with the test-only key in
 * test/histories/payloadKeys.ts) on a Temporal dev server with the search attributes registered. Journeys run on
 * the shipped content with waits shortened (fastContent.ts), so it takes well under two minutes.
 * Writes test/histories/<name>-<date>.json (never over an existing file) once every scenario played out. See README "Replay histories".
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server';
import { answerRecorder } from '../../client/answerRecorder';
import { consentRecorder } from '../../client/consentRecorder';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { outboxDrainer } from '../../client/outboxDrainer';
import { supportGateway } from '../../client/supportGateway';
import { storeKeyring } from '../../credentials/storeKeys';
import { TEST_API_KEY } from '../../test/helpers/apiHarness';
import { startDevHarness } from '../../test/helpers/devServerHarness';
import { REPO_ROOT, TEST_EMAIL_HASH_SECRET } from '../../test/helpers/testDependencies';
import { historyDataConverter } from '../../test/histories/payloadKeys';
import { apiDriver } from './apiDriver';
import { continueAsNewCarryingSignals, SHORT_HISTORY_EVENTS } from './continueAsNew';
import { fastContent } from './fastContent';
import { writeHistory } from './historyFiles';
import { journeyMigration, laterCrossSell, MIGRATED_JOURNEY } from './migration';
import type { Recording } from './recording';
import { fullSearchAttributesAndSupport, leanOrdersEventsConsent } from './supportAndEvents';
import { answersAndRepeatOrder } from './answersAndRepeat';
import { importedHistory } from './importedHistory';
import { mailEventRecorder } from '../../client/mailEventRecorder';
import { PayloadKeyRing } from '../../codec/keyRing';
import { sealingJourneyGateway } from '../../privacy/sealingGateway';
import { personalDataVault } from '../../privacy/vault';

const TASK_QUEUE = 'record-histories';

async function main(): Promise<void> {
  const started = Date.now();
  const date = new Date().toISOString().slice(0, 10);

  let content = fastContent(REPO_ROOT);
  const version = () => content.journeys.find((j) => j.definition.id === MIGRATED_JOURNEY)!.version;
  // Addresses and names sealed as production seals them (privacy/): the histories hold sealed values, as real ones do.
  const vaultKeys = new PayloadKeyRing([{ id: 'recording', key: randomBytes(32) }]);
  const harness = await startDevHarness(TASK_QUEUE, {
    dataConverter: historyDataConverter(),
    content: () => content,
    vaultKeys,
  });
  const vault = personalDataVault(harness.deps.stores.db, vaultKeys);
  const apps: FastifyInstance[] = [];
  try {
    const { client } = harness.env;
    const adminToken = randomBytes(24).toString('base64url');
    const drain = outboxDrainer(harness.deps.stores.outbox, client).drain;
    const recordConsent = consentRecorder(harness.deps.stores.db, drain);
    const journeys = (options: Parameters<typeof temporalJourneyGateway>[2]) =>
      sealingJourneyGateway(temporalJourneyGateway(client, TASK_QUEUE, options), vault);
    const deployment = async (options: Parameters<typeof temporalJourneyGateway>[2]) => {
      const app = await buildServer({
        gateway: journeys(options),
        storeKeys: () => storeKeyring([{ storeId: 'default', key: TEST_API_KEY }], []),
        recordConsent,
        support: { gateway: supportGateway(client, { emailHashSecret: TEST_EMAIL_HASH_SECRET, vault }), adminToken },
        config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'error' },
        logger: false,
      });
      apps.push(app);
      return apiDriver(app, { adminToken, storeKey: TEST_API_KEY });
    };
    const recording: Recording = {
      full: await deployment({ searchAttributes: true }),
      lean: await deployment({ searchAttributes: 'lean' }),
      shortHistory: await deployment({ searchAttributes: true, maxHistoryEvents: SHORT_HISTORY_EVENTS }),
      client,
      sink: harness.sink,
    };

    // The migration's customer starts before the edit; everyone else after it, so only they are on the old version.
    const fromVersion = version();
    const migrate = await journeyMigration(recording, fromVersion);
    content = fastContent(REPO_ROOT, laterCrossSell);
    if (version() === fromVersion) throw new Error('the edit did not change the journey version');
    const runs = (
      await Promise.all([
        migrate(),
        fullSearchAttributesAndSupport(recording),
        leanOrdersEventsConsent(
          recording,
          mailEventRecorder(harness.deps.stores.db, {
            facts: harness.deps.stores.facts,
            drain,
            storeIds: () => ['default'],
          }),
        ),
        continueAsNewCarryingSignals(recording),
        answersAndRepeatOrder(recording, answerRecorder(harness.deps.stores.db, drain)),
        importedHistory(recording, journeys({ searchAttributes: true }), harness.deps.stores.db),
      ])
    ).flat();

    for (const { name, workflowId, runId } of runs) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      const file = writeHistory(name, date, history);
      console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
    }
    console.log(`recorded in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    for (const app of apps) await app.close();
    await harness.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
