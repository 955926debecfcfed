import fs from 'node:fs';
import path from 'node:path';
import { protoMs } from '../client/protoTime';
import type { Connection } from '@temporalio/client';
import { connectClient } from '../client/connection';
import { registerSearchAttributes } from '../client/registerSearchAttributes';
import { loadConfig, type Config } from '../temporal.config';
import { box, curlHint } from './start/banner';
import { devEmailHashSecret, devEncryption, devLinkSecret, devStoreKey, devVaultKeys } from './start/devSecrets';
import { parseEnvStoreKeys } from '../credentials/storeKeys';
import { loadStores } from '../definitions/loadStores';
import { localCodecPlan } from './start/localCodec';
import { localSmtpEndpoint, startMailCatcher } from './start/mailCatcher';
import { startChild, type Service } from './start/processes';
import { type RunHooks, Supervised, type SupervisedOptions } from './start/supervisor';
import { devServerPlan, reasonToSkipDevServer, startDevServer } from './start/temporalServer';
import { isHttpOk, isPortOpen, waitUntil } from './start/waitFor';
import { ensure } from './ensureTemporal.cjs';

/**
 * `npm start`: the whole system on embedded defaults, each part started once the previous one is ready:
 * Temporal dev server → mail catcher → worker → API. Ctrl-C stops them in reverse order. Once all are up, a process
 * that exits is started again (with backoff) and the others stay up: the API answers 503 while Temporal is away.
 */
const ROOT = path.resolve(__dirname, '..');
const TSX_CLI = require.resolve('tsx/cli');

/** Where `npm start` has the worker serve the Temporal SDK's metrics, unless WORKER_METRICS_ADDRESS says otherwise. */
const DEV_WORKER_METRICS_ADDRESS = '127.0.0.1:9464';

const running: Service[] = [];
let shuttingDown = false;

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  // The worker and the API both read these from the environment they inherit; what the operator set stays.
  process.env.AFTERGLOW_LINK_SECRET ??= devLinkSecret(config.dataDir);
  process.env.AFTERGLOW_EMAIL_HASH_SECRET ??= devEmailHashSecret(config.dataDir);
  process.env.AFTERGLOW_VAULT_KEYS ??= devVaultKeys(config.dataDir);
  const storeKey = demoStoreKey(config);
  // Encrypted like production; the local UI (loopback only) decodes through the API's codec endpoint.
  const localApi = ['127.0.0.1', 'localhost', '::1'].includes(config.API_HOST);
  const madeSecrets = localApi ? devEncryption(config.dataDir, process.env) : {};
  Object.assign(process.env, madeSecrets);
  const apiHost = ['0.0.0.0', '::'].includes(config.API_HOST) ? '127.0.0.1' : config.API_HOST;
  const plan = devServerPlan(config);
  const skip = await reasonToSkipDevServer(config.TEMPORAL_ADDRESS);
  const apiUrlForUi = `http://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${config.PORT}`;
  const codec = localCodecPlan({
    env: process.env,
    uiPort: skip ? undefined : plan.uiPort,
    apiUrl: apiUrlForUi,
    apiOnLoopback: localApi,
  });
  Object.assign(process.env, codec.env);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
  // Last resort if this process exits any other way: never leave children behind.
  process.on('exit', () => running.forEach((service) => service.killNow?.()));
  const rows: [string, string][] = [];

  // (a) Temporal
  if (skip) {
    console.log(`[temporal] not starting a dev server: ${skip}`);
  } else {
    console.log(`[temporal] starting the dev server (log: ${relative(plan.logFile)})`);
    const cli = ensure('temporal');
    const temporal = supervise('temporal', {
      launch: (run) =>
        startDevServer({
          cli,
          plan,
          namespace: config.TEMPORAL_NAMESPACE,
          codecEndpoint: codec.uiCodecEndpoint,
          cwd: ROOT,
          env: process.env,
          appendLog: run.restarted,
          onUnexpectedExit: (description) => (printTail('temporal', plan.logFile), run.onExit(description)),
          onSpawn: run.onSpawn,
        }),
      restartNote: `journeys are kept in ${relative(plan.dbFile)}; the API answers 503 to what needs Temporal until it is back`,
    });
    await temporal.start();
    console.log(`[temporal] dev server running (pid ${temporal.pid})`);
  }
  const { connection } = await connectClient(config);
  await waitUntil(
    `namespace "${config.TEMPORAL_NAMESPACE}"`,
    () => namespaceExists(connection, config.TEMPORAL_NAMESPACE),
    30_000,
  );
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  rows.push(['Temporal gRPC', `${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`]);
  if (!skip) {
    // Support alerts link to the customer's journey in this UI (unless the operator points them elsewhere).
    process.env.TEMPORAL_UI_URL ??= `http://localhost:${plan.uiPort}`;
    rows.push(['Temporal Web UI', `http://localhost:${plan.uiPort}`], ['Temporal log', relative(plan.logFile)]);
  }

  // (b) mail catcher
  const smtp = localSmtpEndpoint(config.SMTP_URL);
  if (!smtp) {
    console.log(`[mail] not starting the mail catcher: SMTP_URL points to ${new URL(config.SMTP_URL).host}`);
    rows.push(['SMTP', new URL(config.SMTP_URL).host]);
  } else if (await isPortOpen(smtp.host, smtp.port)) {
    console.log(`[mail] not starting the mail catcher: something already listens on ${smtp.host}:${smtp.port}`);
    rows.push(['SMTP', `${smtp.host}:${smtp.port} (already running)`]);
  } else {
    running.push(await startMailCatcher(smtp, config.MAIL_UI_PORT));
    rows.push(['Mail catcher UI', `http://localhost:${config.MAIL_UI_PORT}`], ['SMTP', `${smtp.host}:${smtp.port}`]);
  }

  // (c) worker: ready once it polls the task queue
  const workerMetrics = config.WORKER_METRICS_ADDRESS ?? (await devWorkerMetricsAddress());
  if (workerMetrics) process.env.WORKER_METRICS_ADDRESS = workerMetrics;
  const workerStartedAt = Date.now();
  await startTs('worker', 'worker/main.ts');
  await waitUntil('worker', () => workerPolls(connection, config, workerStartedAt), 120_000);
  await connection.close();

  // (d) API
  if (await isPortOpen(apiHost, config.PORT))
    throw new Error(`port ${config.PORT} is already in use: stop what runs there or set PORT`);
  await startTs('api', 'api/main.ts');
  await waitUntil('API', () => isHttpOk(`http://${apiHost}:${config.PORT}/healthz`), 60_000);
  const apiUrl = `http://localhost:${config.PORT}`;
  rows.push(['API', apiUrl], ['API reference', `${apiUrl}/docs (OpenAPI document: ${apiUrl}/openapi.json)`]);
  rows.push(['Worker', `task queue ${config.TEMPORAL_TASK_QUEUE}`]);
  if (workerMetrics) rows.push(['Worker metrics', `http://${workerMetrics}/metrics (Temporal SDK)`]);
  if (process.env.AFTERGLOW_ADMIN_TOKEN) {
    const password = madeSecrets.AFTERGLOW_ADMIN_TOKEN
      ? `in ${relative(path.join(config.dataDir, 'admin-token'))}`
      : '$AFTERGLOW_ADMIN_TOKEN';
    rows.push(['Email previews', `${apiUrl}/preview (any user name, password ${password})`]);
    rows.push(['Report', `${apiUrl}/report (same sign-in; \`npx afterglow demo-data\` for sample numbers)`]);
    rows.push(['API metrics', `${apiUrl}/metrics (the admin token as bearer token)`]);
  }
  // The CLI finds these secrets in the data folder by itself (cli/localSecrets.ts): nothing to export.
  if (madeSecrets.AFTERGLOW_PAYLOAD_KEYS)
    rows.push(['Support CLI', `npx afterglow find <email>, status <id> (keys from ${relative(config.dataDir)})`]);

  // Up: from now on a process that exits is started again instead of stopping everything.
  running.forEach((service) => service instanceof Supervised && service.keepRunning());
  console.log(`\n${box('Afterglow is running', rows, 'Ctrl-C stops everything.')}\n`);
  for (const warning of codec.warnings) console.warn(`[codec] ${warning}`);
  console.log(`Place an order:\n  ${curlHint(apiUrl, storeKey.key)}\n${storeKey.note ? `  (${storeKey.note})\n` : ''}`);
}

/**
 * The demo store's key for the curl line: the operator's (AFTERGLOW_API_KEYS) when it has one for the default store,
 * else one kept in the data folder and handed to the API, unless stores/default.yaml holds key hashes (then only
 * the operator knows the key).
 */
function demoStoreKey(config: Config): { key: string; note?: string } {
  const configured = parseEnvStoreKeys(config.AFTERGLOW_API_KEYS).find((k) => k.storeId === 'default');
  if (configured) return { key: configured.key };
  if (loadStores(config.contentDir).keys.some((k) => k.storeId === 'default'))
    return {
      key: '$AFTERGLOW_STORE_KEY',
      note: 'stores/default.yaml holds its key hashes: put your key in AFTERGLOW_STORE_KEY',
    };
  const key = devStoreKey(config.dataDir);
  process.env.AFTERGLOW_API_KEYS = [process.env.AFTERGLOW_API_KEYS, `default:${key}`].filter(Boolean).join(',');
  return { key, note: `the demo store's key, kept in ${relative(path.join(config.dataDir, 'store-key'))}` };
}

/** A process of ours, listed in `running` before it starts so that a Ctrl-C meanwhile stops it too. */
function supervise(name: string, options: Pick<SupervisedOptions, 'launch' | 'restartNote'>): Supervised {
  const service = new Supervised({ name, ...options, onExitDuringStartUp: died(name) });
  running.push(service);
  return service;
}

function startTs(name: string, entry: string): Promise<void> {
  const launch = (run: RunHooks) =>
    startChild({
      name,
      command: process.execPath,
      args: [TSX_CLI, entry],
      cwd: ROOT,
      env: process.env,
      onUnexpectedExit: run.onExit,
    });
  return supervise(name, { launch }).start();
}

/** The dev default when its port is free; else none (like the mail catcher, we do not fight what already runs there). */
async function devWorkerMetricsAddress(): Promise<string | undefined> {
  const [host, port] = DEV_WORKER_METRICS_ADDRESS.split(':');
  if (!(await isPortOpen(host, Number(port)))) return DEV_WORKER_METRICS_ADDRESS;
  console.log(
    `[worker] not exporting Temporal SDK metrics: something already listens on ${DEV_WORKER_METRICS_ADDRESS} (set WORKER_METRICS_ADDRESS)`,
  );
  return undefined;
}

async function namespaceExists(connection: Connection, namespace: string): Promise<boolean> {
  await connection.workflowService.describeNamespace({ namespace });
  return true;
}

/** Registers missing search attributes (a no-op on the dev server we start, which gets them as flags). */
async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  try {
    const added = await registerSearchAttributes(connection, namespace);
    if (added.length) console.log(`[temporal] registered search attributes ${added.join(', ')}`);
  } catch (err) {
    console.warn(
      `[temporal] could not register search attributes (journeys may fail to start): ${(err as Error).message}`,
    );
  }
}

/** A poller seen after the worker was spawned: pollers of an earlier worker stay listed for minutes. */
async function workerPolls(connection: Connection, config: Config, since: number): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return (pollers ?? []).some((poller) => (protoMs(poller.lastAccessTime) ?? 0) >= since - 1_000);
}

/** A process that exits while npm start is still starting up: something is wrong that a restart will not mend. */
function died(name: string): (description: string) => void {
  return (description) => {
    if (shuttingDown) return;
    console.error(`\n[${name}] ${description} during start-up: stopping everything`);
    void shutdown(1);
  };
}

let firstSignalAt: number | undefined;

/** Ctrl-C stops everything in order; another one a moment later kills everything at once. */
function onSignal(): void {
  if (firstSignalAt === undefined) {
    firstSignalAt = Date.now();
    void shutdown(0);
  } else if (Date.now() - firstSignalAt > 1_000) {
    // Not sooner: tsx re-sends the terminal's Ctrl-C to us when our copy of it beat its own.
    console.error('[afterglow] killing everything now');
    process.exit(130); // the 'exit' handler SIGKILLs the children
  }
}

/** Stops what runs, newest first, then exits. */
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  if (code === 0) console.log('\n[afterglow] stopping…');
  for (const service of [...running].reverse()) {
    try {
      await service.stop();
      running.splice(running.indexOf(service), 1);
      console.log(`[${service.name}] stopped`);
    } catch (err) {
      console.error(`[${service.name}] did not stop cleanly: ${(err as Error).message}`);
    }
  }
  process.exit(code);
}

function printTail(name: string, file: string, lines = 15): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const line of text.trimEnd().split('\n').slice(-lines)) console.error(`[${name}] ${line}`);
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

main().catch((err) => {
  if (shuttingDown) return; // a child died or Ctrl-C came mid-start: shutdown() already reports and exits
  console.error(`[afterglow] ${err instanceof Error ? err.message : err}`);
  void shutdown(1);
});
