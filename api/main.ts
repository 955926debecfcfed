import { temporalJourneyGateway } from '../client/journeyGateway';
import { connectClient } from '../client/connection';
import { consentRecorder } from '../client/consentRecorder';
import { preferenceService } from '../client/preferenceService';
import { openStores } from '../storage';
import { linkSecrets, loadConfig } from '../temporal.config';
import { buildServer } from './server';

/** `npm run api`: the HTTP API stores call, on PORT (127.0.0.1 unless API_HOST says otherwise). */
async function main(): Promise<void> {
  const config = loadConfig();
  const { client, connection } = await connectClient(config);
  const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const recordConsent = consentRecorder(client, stores.consent);
  const app = await buildServer({
    gateway: temporalJourneyGateway(client, config.TEMPORAL_TASK_QUEUE),
    preferences: preferenceService(recordConsent),
    recordConsent,
    linkSecrets: linkSecrets(config),
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
