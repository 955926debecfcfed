import path from 'node:path';

/**
 * Where a multi-service Temporal cluster keeps its parts. The binaries are built once into the project-local cache
 * (`.cluster/`, or AFTERGLOW_CLUSTER_DIR); each cluster's state (PostgreSQL data, configs, logs, pids) lives in a
 * state folder of its own: `.cluster/state` for `npm run cluster`, a temp folder for each test run.
 */
export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CACHE_DIR = process.env.AFTERGLOW_CLUSTER_DIR ?? path.join(REPO_ROOT, '.cluster');
export const BIN_DIR = path.join(CACHE_DIR, 'bin');

/** The versions built: the server the CLI's dev server bundles is 1.32.0; 1.32.2 is its newest patch release. */
export const SERVER_VERSION = 'v1.32.2';
/** v1.32.2's go.mod asks for this Go; the module proxy serves it as a toolchain (GOTOOLCHAIN). */
export const GO_TOOLCHAIN = 'go1.26.10';
export const UI_SERVER_VERSION = 'v2.58.1';

export const binary = (name: 'server' | 'sql' | 'ui-server') => path.join(BIN_DIR, name);

export type ServiceName = 'frontend' | 'history' | 'matching' | 'worker';
/** Started in this order: frontend last, so that the cluster answers once every service it needs is up. */
export const SERVICES: readonly ServiceName[] = ['history', 'matching', 'worker', 'frontend'];

/** Every port a cluster listens on, from one base (all on 127.0.0.1). */
export interface ClusterPorts {
  postgres: number;
  frontend: number;
  frontendHttp: number;
  ui: number;
  grpc: Record<ServiceName, number>;
  membership: Record<ServiceName, number>;
  metrics: Record<ServiceName, number>;
}

export function clusterPorts(base: number): ClusterPorts {
  const each = (offset: number) =>
    Object.fromEntries(SERVICES.map((name, i) => [name, base + offset + i])) as Record<ServiceName, number>;
  const grpc = each(10);
  return {
    postgres: base,
    frontend: grpc.frontend,
    frontendHttp: base + 1,
    ui: base + 2,
    grpc,
    membership: each(20),
    metrics: each(30),
  };
}

export interface ClusterLayout {
  stateDir: string;
  ports: ClusterPorts;
  pgDir: string;
  configDir: string;
  logDir: string;
  pidDir: string;
}

/** `npm run cluster`'s ports start at 7400 (frontend 7413, UI 7402, PostgreSQL 7400): clear of the dev server's. */
export const DEFAULT_PORT_BASE = 7400;

export function clusterLayout(stateDir = path.join(CACHE_DIR, 'state'), portBase = DEFAULT_PORT_BASE): ClusterLayout {
  return {
    stateDir,
    ports: clusterPorts(portBase),
    pgDir: path.join(stateDir, 'postgres'),
    configDir: path.join(stateDir, 'config'),
    logDir: path.join(stateDir, 'logs'),
    pidDir: path.join(stateDir, 'pids'),
  };
}
