import { sql } from 'kysely';
import { temporalJourneyGateway } from '../client/journeyGateway';
import { lazyClient } from '../client/connection';
import { consentRecorder } from '../client/consentRecorder';
import { outboxDrainer } from '../client/outboxDrainer';
import { preferenceService } from '../client/preferenceService';
import { supportGateway } from '../client/supportGateway';
import { withTemporalDeadline } from '../client/temporalUnavailable';
import { dataConverterFor } from '../codec/dataConverter';
import { parseEnvStoreKeys, storeKeyring } from '../credentials/storeKeys';
import { watchContent } from '../definitions/content';
import { loadStores } from '../definitions/loadStores';
import { openStores } from '../storage';
import { linkSecrets, loadConfig } from '../temporal.config';
import { buildServer } from './server';

/** `npm run api`: the HTTP API stores call, on PORT (127.0.0.1 unless API_HOST says otherwise). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataConverter = dataConverterFor(config.AFTERGLOW_PAYLOAD_KEYS);
  // Lazy: the API starts, and answers 503 on journey calls, while Temporal is down.
  const { client, connection } = lazyClient(config, dataConverter);
  const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const drainer = outboxDrainer(stores.outbox, client, { log: (line) => console.warn(`[api] ${line}`) });
  const recordConsent = consentRecorder(stores.db, drainer.drain);
  const envKeys = parseEnvStoreKeys(config.AFTERGLOW_API_KEYS);
  const storeKeys = watchContent(
    config.contentDir,
    ['stores'],
    (dir) => storeKeyring(envKeys, loadStores(dir).keys),
    (err) => console.error(`[api] store settings edit rejected, keeping the last good keys:\n${err.message}`),
  );
  const app = await buildServer({
    gateway: temporalJourneyGateway(client, config.TEMPORAL_TASK_QUEUE, { searchAttributes: config.AFTERGLOW_SEARCH_ATTRIBUTES === 'lean' ? 'lean' : true }),
    storeKeys,
    readiness: {
      temporal: async () => void (await withTemporalDeadline(client, () => connection.workflowService.getSystemInfo({}), 1_500)),
      database: async () => void (await sql`select 1`.execute(stores.db)),
      outbox: async () => `${await stores.outbox.depth()} signal(s) waiting`,
    },
    webhookDeliveries: stores.webhookDeliveries,
    preferences: preferenceService(recordConsent),
    recordConsent,
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
    support: config.AFTERGLOW_ADMIN_TOKEN ? { gateway: supportGateway(client), adminToken: config.AFTERGLOW_ADMIN_TOKEN } : undefined,
    preview: config.AFTERGLOW_ADMIN_TOKEN
      ? { adminToken: config.AFTERGLOW_ADMIN_TOKEN, contentDir: config.contentDir, publicUrl: config.PUBLIC_URL }
      : undefined,
    config,
  });
  const stop = async () => {
    await app.close();
    await drainer.stop();
    await connection.close();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.PORT, host: config.API_HOST });
  drainer.start();
  if (storeKeys().size === 0) console.warn('[api] no store keys: store routes answer 401 until AFTERGLOW_API_KEYS is set or `npx afterglow keys create` runs');
  console.log(`[api] listening on http://${config.API_HOST}:${config.PORT}`);
}

main().catch((err) => {
  console.error(`[api] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
