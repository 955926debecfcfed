import { ensure } from '../../scripts/ensureTemporal.cjs';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '../../client/searchAttributes';
import { portAccepts } from '../../devtools/cluster/processes';
import { Order } from '../../domain/order';
import { devServer } from './temporalBinaries';

/**
 * Processes for the fault tests: journey workers (test/helpers/faultWorker.ts) and Temporal dev servers, each in
 * its own process group so that a kill takes the whole process down, with nothing left behind on failure.
 */
export const REPO_ROOT = path.resolve(__dirname, '../..');

const live = new Set<number>();
const signalGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone
  }
};
/** Last resort when a test file dies without its afterAll: never leave workers or servers behind. */
process.once('exit', () => live.forEach((pid) => signalGroup(pid, 'SIGKILL')));

export interface Child {
  pid: number;
  /** Resolves when the process exits, with how. */
  exited: Promise<string>;
  hasExited(): boolean;
  /** SIGKILL at once: a crash, as far as anyone else can tell. */
  kill(): void;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Every line it wrote so far, stdout and stderr (also in its log file). */
  output: string[];
}

function startChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  onLine?: (line: string) => void,
): Child {
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  live.add(pid);
  let exited = false;
  const output: string[] = [];
  const readLines = (stream: NodeJS.ReadableStream, onStreamLine?: (line: string) => void) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      const lines = (buffered + chunk.toString('utf8')).split('\n');
      buffered = lines.pop()!;
      output.push(...lines);
      lines.forEach((line) => onStreamLine?.(line));
    });
    stream.on('end', () => buffered && output.push(buffered));
  };
  readLines(child.stdout!, onLine);
  readLines(child.stderr!);
  const exit = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      live.delete(pid);
      signalGroup(pid, 'SIGKILL'); // anything it left in its group
      log.end();
      resolve(signal ? `killed by ${signal}` : `exited with code ${code}`);
    }),
  );
  return {
    pid,
    output,
    exited: exit,
    hasExited: () => exited,
    kill: () => signalGroup(pid, 'SIGKILL'),
    async stop(graceMs = 10_000) {
      if (exited) return;
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface FaultWorkerEnv {
  temporalAddress: string;
  taskQueue: string;
  smtpUrl: string;
  dataDir: string;
  /** The sink's "was this Message-ID delivered?" endpoint, for a ledger that can ask (see faultWorker.ts). */
  deliveryLookupUrl?: string;
  /** Default "default". */
  namespace?: string;
  /** The stores on PostgreSQL instead of SQLite in `dataDir`. */
  databaseUrl?: string;
}

/** A worker process running the project's worker code; `ready` resolves once it polls. */
export function spawnFaultWorker(env: FaultWorkerEnv, logFile: string): Child & { ready: Promise<void> } {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const child = startChild(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/faultWorker.ts')],
    {
      FAULT_TEMPORAL_ADDRESS: env.temporalAddress,
      FAULT_TASK_QUEUE: env.taskQueue,
      FAULT_SMTP_URL: env.smtpUrl,
      FAULT_DATA_DIR: env.dataDir,
      FAULT_DELIVERY_LOOKUP_URL: env.deliveryLookupUrl ?? '',
      FAULT_NAMESPACE: env.namespace ?? 'default',
      FAULT_DATABASE_URL: env.databaseUrl ?? '',
    },
    logFile,
    (line) => line.startsWith('fault-worker ready') && markReady(),
  );
  // A worker that dies before it is ready fails the wait at once instead of at its timeout.
  const failed = child.exited.then((how) =>
    Promise.reject(new Error(`fault worker ${how} before it was ready; log: ${logFile}`)),
  );
  failed.catch(() => undefined);
  return { ...child, ready: Promise.race([ready, failed]) };
}

/**
 * The project's API (api/main.ts) in a process of its own, configured by `env` (the variables of temporal.config.ts)
 * on `port`; `ready` resolves once /healthz answers.
 */
export function spawnApi(env: NodeJS.ProcessEnv, port: number, logFile: string): Child & { ready: Promise<void> } {
  const child = startChild(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'api/main.ts')],
    { ...env, PORT: String(port), API_HOST: '127.0.0.1' },
    logFile,
  );
  const ready = waitUntil(
    `the API on port ${port}`,
    async () => {
      if (child.hasExited()) throw new Error(`the API exited before it was ready; log: ${logFile}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
    },
    60_000,
    250,
  ).then(() => undefined);
  return { ...child, ready };
}

/**
 * Server options for TestWorkflowEnvironment.createLocal: the project's CLI on loopback, with Afterglow's search
 * attributes (the gateway sets them, as in production), only errors logged.
 */
export const loopbackDevServer = () => ({
  ...devServer(),
  ip: '127.0.0.1',
  searchAttributes: [...SEARCH_ATTRIBUTES],
  log: { format: 'pretty', level: 'error' },
});

/**
 * `temporal server start-dev` on loopback with its SQLite file, so that a restart on the same file and port finds
 * every workflow where it left it. Ready once the frontend accepts connections.
 */
export async function startTemporalDevServer(options: {
  dbFile: string;
  port: number;
  logFile: string;
  extraArgs?: string[];
}): Promise<Child> {
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
  ];
  args.push('--headless', '--namespace', 'default', '--log-level', 'warn', ...(options.extraArgs ?? []));
  const server = startChild(ensure('temporal'), args, {}, options.logFile);
  await waitUntil(
    'Temporal dev server',
    async () => {
      if (server.hasExited()) throw new Error(`the dev server exited; log: ${options.logFile}`);
      return isPortOpen(options.port);
    },
    60_000,
  );
  return server;
}

/** Whether something accepts connections on the loopback `port` now. */
export const isPortOpen = portAccepts;

/** A port nobody listens on right now (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns something truthy; a thrown error aborts only if `check` says so (rethrow). */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tail(file: string, lines = 20): string {
  return fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    : '(no log)';
}

/**
 * A zone where it is early afternoon now, so that steps bound to the store's send window (09:00-20:00) go out at
 * once whenever the test runs. Etc/GMT signs are inverted: Etc/GMT-9 is UTC+9.
 */
export function daytimeZone(now = new Date()): string {
  const offset = 13 - now.getUTCHours(); // -10 … +13
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A one-product order placed now by `customerId`, mail to `<customerId>@fault.example.com`. */
export function faultOrder(customerId: string, orderId = `${customerId}-o1`): Order {
  return Order.parse({
    orderId,
    placedAt: new Date().toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: {
      id: customerId,
      email: `${customerId}@fault.example.com`,
      firstName: 'Ada',
      locale: 'en-US',
      timezone: daytimeZone(),
      acceptsMarketing: true,
    },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
  });
}
