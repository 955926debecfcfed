import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { localPostgres } from '../../storage/localPostgres';
import { binary, type ClusterLayout, SERVICES, type ServiceName } from './layout';
import { logTail, runningPid, startProcess, stopProcess, waitForPort } from './processes';
import { DATABASES, writeServerConfigs } from './serverConfig';
import { waitForFrontend } from './frontend';

/**
 * A Temporal cluster of four server processes (frontend, history, matching, worker) on a PostgreSQL of its own,
 * which also holds Afterglow's storage (the `afterglow` database), and the Web UI. Everything lives in the layout's
 * state folder; the binaries come from devtools/cluster/build.ts.
 */
export const postgresOf = (layout: ClusterLayout) =>
  localPostgres({ dir: layout.pgDir, port: layout.ports.postgres, durable: true });

export const afterglowDatabaseUrl = (layout: ClusterLayout) => postgresOf(layout).url(DATABASES.afterglow);
export const frontendAddress = (layout: ClusterLayout) => `127.0.0.1:${layout.ports.frontend}`;
export const uiUrl = (layout: ClusterLayout) => `http://127.0.0.1:${layout.ports.ui}`;

/** The database created and at the newest schema the server version embeds (update-schema skips what is applied). */
function prepareDatabases(layout: ClusterLayout, existing: Set<string>): void {
  const connection = [
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    String(layout.ports.postgres),
    '-u',
    'afterglow',
  ];
  const sql = (database: string, args: string[]) =>
    execFileSync(binary('sql'), [...connection, '--db', database, ...args], { stdio: 'pipe' });
  for (const [database, schema] of [
    [DATABASES.temporal, 'postgresql/v12/temporal'],
    [DATABASES.visibility, 'postgresql/v12/visibility'],
  ] as const) {
    if (!existing.has(database)) {
      sql(database, ['create-database']);
      sql(database, ['setup-schema', '-v', '0.0']);
    }
    sql(database, ['update-schema', '--schema-name', schema]);
  }
}

async function databasesOf(layout: ClusterLayout): Promise<Set<string>> {
  const client = new PgClient({ connectionString: postgresOf(layout).url() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database');
    const names = new Set(rows.map((row) => row.datname));
    if (!names.has(DATABASES.afterglow)) await client.query(`create database ${DATABASES.afterglow}`);
    return names;
  } finally {
    await client.end();
  }
}

export function startService(layout: ClusterLayout, service: ServiceName, configFile: string): void {
  startProcess(layout, service, binary('server'), [
    ...['--config-file', configFile, '--allow-no-auth', 'start', '--service', service],
  ]);
}

export const serviceConfigFile = (layout: ClusterLayout, service: ServiceName) =>
  path.join(layout.configDir, `${service}.yaml`);

/** The log tails of services that stopped or logged a fatal error, for an error message. */
function failedServices(layout: ClusterLayout): string {
  return SERVICES.filter(
    (service) =>
      !runningPid(layout, service) || /"level":"fatal"|Unable to create server/.test(logTail(layout, service, 200)),
  )
    .map((service) => `\n${service} failed; its log ends:\n${logTail(layout, service, 5)}`)
    .join('');
}

async function waitForClusterMetadata(layout: ClusterLayout, service: ServiceName): Promise<void> {
  const client = new PgClient({ connectionString: postgresOf(layout).url(DATABASES.temporal) });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    while ((await client.query('select 1 from cluster_metadata_info')).rowCount === 0) {
      if (Date.now() > deadline || !runningPid(layout, service))
        throw new Error(`the ${service} service did not write the cluster metadata${failedServices(layout)}`);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

/** PostgreSQL, the schemas, the four services; resolves once the frontend answers. Running parts are left running. */
export async function startCluster(
  layout: ClusterLayout,
  options: { ui?: { codecEndpoint?: string; namespace: string } } = {},
) {
  fs.mkdirSync(layout.pgDir, { recursive: true });
  const postgres = postgresOf(layout);
  if (!postgres.initialized()) postgres.init();
  if (!postgres.running()) postgres.start();
  prepareDatabases(layout, await databasesOf(layout));
  const configs = writeServerConfigs(layout);
  // The first service to start writes the cluster's metadata; four at once race for it, and the losers exit
  // ("duplicate key value violates unique constraint cluster_metadata_info_pkey"). One first, then the rest.
  const [first, ...rest] = SERVICES;
  startService(layout, first, configs[first]);
  await waitForClusterMetadata(layout, first);
  for (const service of rest) startService(layout, service, configs[service]);
  await waitForFrontend(frontendAddress(layout), 60_000).catch((error: Error) => {
    throw new Error(`${error.message}${failedServices(layout)}`, { cause: error });
  });
  if (options.ui) startUi(layout, options.ui);
}

/** The Web UI server, on the cluster's frontend, decoding payloads through `codecEndpoint` (the API's /codec). */
export function startUi(layout: ClusterLayout, options: { codecEndpoint?: string; namespace: string }): void {
  const dir = path.join(layout.configDir, 'ui');
  fs.mkdirSync(dir, { recursive: true });
  const config = [
    `host: 127.0.0.1`,
    `port: ${layout.ports.ui}`,
    `temporalGrpcAddress: ${frontendAddress(layout)}`,
    `enableUi: true`,
    `defaultNamespace: ${options.namespace}`,
    ...(options.codecEndpoint ? ['codec:', `  endpoint: ${options.codecEndpoint}`] : []),
  ];
  fs.writeFileSync(path.join(dir, 'development.yaml'), `${config.join('\n')}\n`);
  startProcess(layout, 'ui', binary('ui-server'), [
    '--root',
    layout.configDir,
    '--config',
    'ui',
    '--env',
    'development',
    'start',
  ]);
}

/** Every process stopped (each drains for a few seconds, so all at once), PostgreSQL last. */
export async function stopCluster(layout: ClusterLayout): Promise<void> {
  await Promise.all(['ui', ...SERVICES].map((name) => stopProcess(layout, name, {})));
  const postgres = postgresOf(layout);
  if (fs.existsSync(layout.pgDir) && postgres.initialized() && postgres.running()) postgres.stop('fast');
}

/**
 * A service stopped (gracefully, or SIGKILLed with `kill`) and started again; resolves once it accepts connections
 * and the frontend answers.
 */
export async function restartService(layout: ClusterLayout, service: ServiceName, options: { kill?: boolean } = {}) {
  await stopProcess(layout, service, options);
  startService(layout, service, serviceConfigFile(layout, service));
  await waitForPort(layout.ports.grpc[service], `the ${service} service`, 60_000);
  await waitForFrontend(frontendAddress(layout), 60_000);
}

export function clusterStatus(layout: ClusterLayout): Record<string, number | undefined> {
  return Object.fromEntries([...SERVICES, 'ui'].map((name) => [name, runningPid(layout, name)]));
}
