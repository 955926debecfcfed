import path from 'node:path';
import { isLocalAddress, splitAddress } from '../../client/connection';
import { devServerSearchAttributeFlags } from '../../client/searchAttributes';
import type { Config } from '../../temporal.config';
import { startChild, type ChildService } from './processes';
import { isHttpOk, isPortOpen, waitUntil } from './waitFor';

export interface DevServerPlan {
  port: number;
  uiPort: number;
  dbFile: string;
  logFile: string;
}

/** The dev server's ports and files for this configuration (the UI on gRPC port + 1000, as the CLI does). */
export function devServerPlan(config: Pick<Config, 'TEMPORAL_ADDRESS' | 'dataDir'>): DevServerPlan {
  const { port } = splitAddress(config.TEMPORAL_ADDRESS);
  return {
    port,
    uiPort: port + 1000,
    dbFile: path.join(config.dataDir, 'temporal.db'),
    logFile: path.join(config.dataDir, 'temporal.log'),
  };
}

/** `temporal server start-dev …`: SQLite in the data folder so journeys survive a restart, our search attributes. */
export function devServerArgs(plan: DevServerPlan, namespace: string, codecEndpoint?: string): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    plan.dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(plan.port),
    '--ui-port',
    String(plan.uiPort),
    '--namespace',
    namespace,
    ...devServerSearchAttributeFlags(),
    // The UI decodes encrypted payloads through the API's codec endpoint.
    ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
  ];
}

/** Why not to start a dev server for this address, or undefined when we should. */
export async function reasonToSkipDevServer(address: string): Promise<string | undefined> {
  if (!isLocalAddress(address)) return `TEMPORAL_ADDRESS=${address} is not on this machine`;
  const { port } = splitAddress(address);
  if (await isPortOpen('127.0.0.1', port)) return `something already listens on ${address}: using it`;
  return undefined;
}

/**
 * Starts the dev server and waits until its frontend port and Web UI answer; one that exits or never answers
 * fails the start (and is not left running).
 */
export async function startDevServer(options: {
  cli: string;
  plan: DevServerPlan;
  namespace: string;
  codecEndpoint?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Keep the log of earlier runs (a restart) instead of starting a new one. */
  appendLog?: boolean;
  onUnexpectedExit(description: string): void;
  onSpawn?(server: ChildService): void;
}): Promise<ChildService> {
  const { plan } = options;
  let exit: string | undefined;
  const server = await startChild({
    name: 'temporal',
    command: options.cli,
    args: devServerArgs(plan, options.namespace, options.codecEndpoint),
    cwd: options.cwd,
    env: options.env,
    logFile: plan.logFile,
    appendLog: options.appendLog,
    onUnexpectedExit: (description) => {
      exit = description;
      options.onUnexpectedExit(description);
    },
  });
  options.onSpawn?.(server);
  try {
    await waitUntil(
      'Temporal dev server',
      () => isPortOpen('127.0.0.1', plan.port),
      60_000,
      () => exit,
    );
    await waitUntil(
      'Temporal Web UI',
      () => isHttpOk(`http://127.0.0.1:${plan.uiPort}/`),
      60_000,
      () => exit,
    );
  } catch (err) {
    server.killNow();
    throw err;
  }
  return server;
}
