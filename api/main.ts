import { sql } from 'kysely';
import { searchAttributesOf, temporalJourneyGateway } from '../client/journeyGateway';
import { lazyClient } from '../client/connection';
import { consentRecorder } from '../client/consentRecorder';
import { mailEventRecorder } from '../client/mailEventRecorder';
import { outboxDrainer } from '../client/outboxDrainer';
import { preferenceService } from '../client/preferenceService';
import { findCustomers } from '../client/customerFinder';
import { supportGateway } from '../client/supportGateway';
import { withTemporalDeadline } from '../client/temporalUnavailable';
import { dataConverterFor } from '../codec/dataConverter';
import { parseEnvStoreKeys, storeKeyring } from '../credentials/storeKeys';
import { loadPerStoreWebhookSecrets } from '../credentials/webhookSecrets';
import type { Content } from '../definitions/content';
import { describeContentStatus } from '../definitions/contentStatus';
import { watchLiveContent } from '../definitions/liveContent';
import { attributionWindowMs, recordingGateway } from '../measurement/recordingGateway';
import { factRetention } from '../measurement/retention';
import { apiMetrics } from '../metrics/apiMetrics';
import { cachedEmailCounts } from '../metrics/emailCounts';
import { pick } from '../definitions/localized';
import { answerRecorder } from '../client/answerRecorder';
import { openStores } from '../storage';
import { linkSecrets, loadConfig } from '../temporal.config';
import { privacySetup } from '../privacy/privacySetup';
import { sealingJourneyGateway } from '../privacy/sealingGateway';
import { personalDataVault } from '../privacy/vault';
import { buildServer } from './server';

/** `npm run api`: the HTTP API stores call, on PORT (127.0.0.1 unless API_HOST says otherwise). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataConverter = dataConverterFor(config.AFTERGLOW_PAYLOAD_KEYS);
  // Lazy: the API starts, and answers 503 on journey calls, while Temporal is down.
  const { client, connection } = lazyClient(config, dataConverter);
  const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const drainer = outboxDrainer(stores.outbox, client, { log: (line) => console.warn(`[api] ${line}`) });
  const vault = config.AFTERGLOW_VAULT_KEYS ? personalDataVault(stores.db, config.AFTERGLOW_VAULT_KEYS) : undefined;
  if (!vault)
    console.warn(
      '[api] no AFTERGLOW_VAULT_KEYS: addresses and names enter Temporal unsealed, so an erasure cannot shred copies of them (docs/privacy.md)',
    );
  // Stored requests are carried out here, like the outbox, until done (Temporal may be down when one arrives).
  const privacy = privacySetup({
    db: stores.db,
    optOuts: stores.optOuts,
    client,
    vault,
    log: (line) => console.warn(`[api] ${line}`),
  });
  const recordConsent = consentRecorder(stores.db, drainer.drain);
  // The same gate as the worker's: the API (keys, product names, attribution windows, the preview) follows only
  // edits that pass validation, and says so on /readyz and /metrics when one is refused.
  const content = await watchLiveContent({
    contentDir: config.contentDir,
    dataDir: config.dataDir,
    log: (level, line) => (level === 'error' ? console.error : console.log)(`[api] ${line}`),
  });
  const envKeys = parseEnvStoreKeys(config.AFTERGLOW_API_KEYS);
  // Stores with a Shopify custom app of their own sign with its secret (read once: restart the API after editing).
  const webhookSecrets = loadPerStoreWebhookSecrets(config.AFTERGLOW_WEBHOOK_SECRETS, config.dataDir);
  // Store files give the API its keys and each store's attribution window; the keyring is built once per set.
  const keyrings = new WeakMap<Content, ReturnType<typeof storeKeyring>>();
  const storeKeys = () => {
    const current = content.current();
    let keyring = keyrings.get(current);
    if (!keyring) keyrings.set(current, (keyring = storeKeyring(envKeys, current.storeKeys)));
    return keyring;
  };
  const refusedEdit = () => content.status().refused?.errors;

  const temporalJourneys = temporalJourneyGateway(client, config.TEMPORAL_TASK_QUEUE, {
    searchAttributes: searchAttributesOf(config.AFTERGLOW_SEARCH_ATTRIBUTES),
  });
  const journeys = sealingJourneyGateway(temporalJourneys, vault);
  const app = await buildServer({
    gateway: recordingGateway(journeys, stores.facts, (storeId) =>
      attributionWindowMs(content.current().stores, storeId),
    ),
    facts: stores.facts,
    storeKeys,
    readiness: {
      temporal: async () =>
        void (await withTemporalDeadline(client, () => connection.workflowService.getSystemInfo({}), 1_500)),
      database: async () => void (await sql`select 1`.execute(stores.db)),
      outbox: async () => `${await stores.outbox.depth()} signal(s) waiting`,
      // Degraded, not down: the API and the worker go on with the last valid set.
      content: async () => describeContentStatus(content.status()),
    },
    webhookDeliveries: stores.webhookDeliveries,
    webhookResources: stores.webhookResources,
    webhookSecrets,
    // One relay sends for every store, so an address a provider reports for a message we cannot place is blocked in each.
    recordMailReport: mailEventRecorder(stores.db, {
      facts: stores.facts,
      drain: drainer.drain,
      storeIds: () => [...content.current().stores.keys()],
    }),
    preferences: preferenceService(recordConsent, { facts: stores.facts }),
    recordConsent,
    answers: {
      recordAnswer: answerRecorder(stores.db, drainer.drain),
      productName: (sku, locale) => {
        const product = content.current().products.get(sku);
        return product && pick(product.name, locale);
      },
    },
    answerStore: stores.answers,
    linkSecrets: linkSecrets(config),
    codec:
      dataConverter?.payloadCodecs?.[0] && config.AFTERGLOW_ADMIN_TOKEN
        ? {
            codec: dataConverter.payloadCodecs[0],
            adminToken: config.AFTERGLOW_ADMIN_TOKEN,
            uiOrigins: config.AFTERGLOW_CODEC_UI_ORIGINS,
            trustUiOrigins: config.AFTERGLOW_CODEC_TRUST_UI === 'true',
          }
        : undefined,
    support: config.AFTERGLOW_ADMIN_TOKEN
      ? {
          gateway: supportGateway(client, { emailHashSecret: config.AFTERGLOW_EMAIL_HASH_SECRET, vault }),
          find: (query) =>
            findCustomers(client, query, {
              emailHashSecret: config.AFTERGLOW_EMAIL_HASH_SECRET,
              keyOfMessageId: stores.ledger.keyOfMessageId,
            }),
          adminToken: config.AFTERGLOW_ADMIN_TOKEN,
        }
      : undefined,
    reports: config.AFTERGLOW_ADMIN_TOKEN ? { db: stores.db, adminToken: config.AFTERGLOW_ADMIN_TOKEN } : undefined,
    preview: config.AFTERGLOW_ADMIN_TOKEN
      ? {
          adminToken: config.AFTERGLOW_ADMIN_TOKEN,
          contentDir: config.contentDir,
          publicUrl: config.PUBLIC_URL,
          live: { content: content.current, refusedEdit },
        }
      : undefined,
    privacyRequests: privacy.service,
    privacy: config.AFTERGLOW_ADMIN_TOKEN
      ? { privacy: privacy.service, adminToken: config.AFTERGLOW_ADMIN_TOKEN }
      : undefined,
    metrics: config.AFTERGLOW_ADMIN_TOKEN
      ? {
          recorder: apiMetrics({
            outboxDepth: () => stores.outbox.depth(),
            emailCounts: cachedEmailCounts(stores.db),
            contentRefused: () => !!refusedEdit(),
          }),
          adminToken: config.AFTERGLOW_ADMIN_TOKEN,
        }
      : undefined,
    config,
  });
  const retention = factRetention(stores.facts, config.AFTERGLOW_FACT_RETENTION_DAYS, (line) =>
    console.warn(`[api] ${line}`),
  );
  const stop = async () => {
    await app.close();
    content.stop();
    await drainer.stop();
    await privacy.processor.stop();
    retention.stop();
    await connection.close();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ port: config.PORT, host: config.API_HOST });
  drainer.start();
  privacy.processor.start();
  if (storeKeys().size === 0)
    console.warn(
      '[api] no store keys: store routes answer 401 until AFTERGLOW_API_KEYS is set or `npx afterglow keys create` runs',
    );
  console.log(`[api] listening on http://${config.API_HOST}:${config.PORT}`);
}

main().catch((err) => {
  console.error(`[api] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
