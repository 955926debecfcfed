import { temporalJourneyGateway } from '../client/journeyGateway';
import { connectClient } from '../client/connection';
import { consentRecorder } from '../client/consentRecorder';
import { dataConverterFor } from '../codec/dataConverter';
import { preferenceService } from '../client/preferenceService';
import { supportGateway } from '../client/supportGateway';
import { openStores } from '../storage';
import { linkSecrets, loadConfig } from '../temporal.config';
import { buildServer } from './server';

/** `npm run api`: the HTTP API stores call, on PORT (127.0.0.1 unless API_HOST says otherwise). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataConverter = dataConverterFor(config.AFTERGLOW_PAYLOAD_KEYS);
  const { client, connection } = await connectClient(config, dataConverter);
  const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const recordConsent = consentRecorder(client, stores.consent);
  const app = await buildServer({
    gateway: temporalJourneyGateway(client, config.TEMPORAL_TASK_QUEUE, { searchAttributes: config.AFTERGLOW_SEARCH_ATTRIBUTES === 'lean' ? 'lean' : true }),
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
    await connection.close();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.PORT, host: config.API_HOST });
  console.log(`[api] listening on http://${config.API_HOST}:${config.PORT}`);
}

main().catch((err) => {
  console.error(`[api] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
