import { connectWorker } from '../client/connection';
import { dataConverterFor } from '../codec/dataConverter';
import { watchLiveContent } from '../definitions/liveContent';
import { dkimKey, linkSecrets, loadConfig } from '../temporal.config';
import { createJourneyWorker } from './createWorker';
import { openJourneyDependencies } from './journeyDependencies';
import { exportWorkerMetrics } from './prometheusRuntime';
import { workerTuning } from './tuning';

/** `npm run worker`: runs journeys until SIGINT/SIGTERM, then drains in-flight tasks and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  // First, before anything opens a Temporal connection (which would fix the SDK's telemetry without it).
  if (config.WORKER_METRICS_ADDRESS) exportWorkerMetrics(config.WORKER_METRICS_ADDRESS);
  // Only content that passes `afterglow validate`'s checks reaches customers; a refused edit is logged here.
  const content = await watchLiveContent({
    contentDir: config.contentDir,
    dataDir: config.dataDir,
    log: (level, line) => (level === 'error' ? console.error(`[worker] ${line}`) : console.log(`[worker] ${line}`)),
  });
  const deps = await openJourneyDependencies({
    content: content.current,
    smtpUrl: config.SMTP_URL,
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    mailFrom: config.MAIL_FROM,
    publicUrl: config.PUBLIC_URL,
    linkSecrets: linkSecrets(config),
    unsubscribeMailto: config.UNSUBSCRIBE_MAILTO,
    dkim: dkimKey(config),
    temporalUi: config.TEMPORAL_UI_URL
      ? { url: config.TEMPORAL_UI_URL, namespace: config.TEMPORAL_NAMESPACE }
      : undefined,
    alertWebhookSecret: config.AFTERGLOW_ALERT_WEBHOOK_SECRET,
    emailHashSecret: config.AFTERGLOW_EMAIL_HASH_SECRET,
    vaultKeys: config.AFTERGLOW_VAULT_KEYS,
  });
  if (!config.AFTERGLOW_VAULT_KEYS)
    console.warn(
      '[worker] no AFTERGLOW_VAULT_KEYS: sends to customers whose address the API sealed wait until the worker has them (docs/privacy.md)',
    );
  const connection = await connectWorker(config);
  const worker = await createJourneyWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: deps.activities,
    dataConverter: dataConverterFor(config.AFTERGLOW_PAYLOAD_KEYS),
    tuning: workerTuning(config),
  });
  const limit = config.AFTERGLOW_SEND_RATE_LIMIT ? `, at most ${config.AFTERGLOW_SEND_RATE_LIMIT} sends/s` : '';
  console.log(`[worker] polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}${limit}`);
  if (config.WORKER_METRICS_ADDRESS)
    console.log(`[worker] Temporal SDK metrics on http://${config.WORKER_METRICS_ADDRESS}/metrics`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    content.stop();
    await deps.close();
  }
}

main().catch((err) => {
  console.error(`[worker] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
