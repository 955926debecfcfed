/**
 * A journey worker in a process of its own, so the fault tests can SIGKILL it like a crashed machine. It is the
 * project's worker (createJourneyWorker + createActivities + openStores), configured from the environment:
 *   FAULT_TEMPORAL_ADDRESS, FAULT_TASK_QUEUE, FAULT_SMTP_URL, FAULT_DATA_DIR (the SQLite send ledger, shared by
 *   every worker process of a test so that it survives their deaths), FAULT_NAMESPACE (default "default"),
 *   FAULT_DELIVERY_LOOKUP_URL (optional: the sink's "was this Message-ID delivered?" endpoint), FAULT_DATABASE_URL
 *   (optional: the stores, send ledger included, on that PostgreSQL database instead of SQLite in FAULT_DATA_DIR).
 * Prints `fault-worker ready` once it polls; SIGTERM shuts it down gracefully.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createMailTransport } from '../../activities/mailTransport';
import { contentSetsDir } from '../../definitions/contentSets';
import { templateSets } from '../../rendering/templateSets';
import { openStores } from '../../storage';
import { createJourneyWorker } from '../../worker/createWorker';
import { supportLinkFor } from '../../worker/journeyDependencies';
import { fixtureContent } from './fixtureContent';
import { CAPTURE_LEVEL, CAPTURE_TELEMETRY, formatLogEntry } from './logCapture';

export const FAULT_MAIL_FROM = 'Fault Test Store <hello@fault.example.com>';
export const FAULT_LINK_SECRET = 'fault-test-link-secret-0123456789abcdef';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  // Every line, in full, to stderr: the test reads it for personal data (logCapture.ts) and keeps it in the log file.
  Runtime.install({
    logger: new DefaultLogger(CAPTURE_LEVEL, (entry) => process.stderr.write(`${formatLogEntry(entry)}\n`)),
    telemetryOptions: CAPTURE_TELEMETRY,
  });
  const content = fixtureContent();
  const templates = templateSets(() => content.templatesDir, contentSetsDir(required('FAULT_DATA_DIR')));
  await templates.current().warm();
  const stores = await openStores({
    dataDir: required('FAULT_DATA_DIR'),
    databaseUrl: process.env.FAULT_DATABASE_URL || undefined,
  });
  const transport = createMailTransport(required('FAULT_SMTP_URL'));
  // The send ledger can ask, before re-sending a message whose sender died mid-send, whether it already left
  // (storage/sendLedger.ts, ClaimOptions.wasDelivered). Handed over as `wasDelivered` for a sendMessage that
  // passes it to ledger.claim; one that does not ignores it.
  const lookupUrl = process.env.FAULT_DELIVERY_LOOKUP_URL;
  const deliveryLookup: object = lookupUrl
    ? { wasDelivered: (messageId: string) => wasDelivered(lookupUrl, messageId) }
    : {};
  const connection = await NativeConnection.connect({ address: required('FAULT_TEMPORAL_ADDRESS') });
  const worker = await createJourneyWorker({
    connection,
    namespace: process.env.FAULT_NAMESPACE ?? 'default',
    taskQueue: required('FAULT_TASK_QUEUE'),
    activities: createActivities({
      ...stores,
      content: () => content,
      templates,
      transport,
      mailFrom: FAULT_MAIL_FROM,
      publicUrl: 'http://127.0.0.1:3000',
      linkSecrets: [FAULT_LINK_SECRET],
      supportLink: supportLinkFor('http://127.0.0.1:3000'),
      ...deliveryLookup,
    }),
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  console.log(`fault-worker ready pid=${process.pid}`);
  try {
    await running;
  } finally {
    transport.close();
    await connection.close();
    await stores.close();
  }
}

async function wasDelivered(lookupUrl: string, messageId: string): Promise<boolean> {
  const response = await fetch(`${lookupUrl}?messageId=${encodeURIComponent(messageId)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`delivery lookup answered ${response.status}`);
  return ((await response.json()) as { delivered: boolean }).delivered;
}

main().catch((err) => {
  console.error(`fault-worker failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  process.exit(1);
});
