import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { type ClusterLayout, SERVICES, type ServiceName } from './layout';

/** The databases the cluster's PostgreSQL holds: Temporal's two and Afterglow's own storage. */
export const DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility', afterglow: 'afterglow' } as const;

/**
 * Server settings the journeys rely on, set although 1.32 has them on by default (a newer default must not take them
 * away): workflow updates (support actions, journey migration), and search attributes visible at once after
 * `afterglow setup`.
 */
const DYNAMIC_CONFIG = {
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
};

/**
 * One config file per service (the shape of the server's config/development-postgres12.yaml): the same cluster in
 * each, but each process its own metrics port, since two on one port leave the second without metrics.
 */
export function writeServerConfigs(layout: ClusterLayout): Record<ServiceName, string> {
  const { ports } = layout;
  fs.mkdirSync(layout.configDir, { recursive: true });
  const dynamicConfig = path.join(layout.configDir, 'dynamic.yaml');
  fs.writeFileSync(dynamicConfig, stringify(DYNAMIC_CONFIG));
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${ports.postgres}`,
      connectProtocol: 'tcp',
      user: 'afterglow',
      password: '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const services = Object.fromEntries(
    SERVICES.map((name) => [
      name,
      {
        rpc: {
          grpcPort: ports.grpc[name],
          membershipPort: ports.membership[name],
          bindOnLocalHost: true,
          ...(name === 'frontend' ? { httpPort: ports.frontendHttp } : {}),
        },
      },
    ]),
  );
  const configFile = (service: ServiceName) => {
    const config = {
      log: { stdout: true, level: 'warn' },
      persistence: {
        defaultStore: 'default',
        visibilityStore: 'visibility',
        numHistoryShards: 4,
        datastores: { default: store(DATABASES.temporal, 20), visibility: store(DATABASES.visibility, 4) },
      },
      global: {
        membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
        metrics: {
          prometheus: {
            framework: 'tally',
            timerType: 'histogram',
            listenAddress: `127.0.0.1:${ports.metrics[service]}`,
          },
        },
      },
      services,
      clusterMetadata: {
        enableGlobalNamespace: false,
        failoverVersionIncrement: 10,
        masterClusterName: 'active',
        currentClusterName: 'active',
        clusterInformation: {
          active: {
            enabled: true,
            initialFailoverVersion: 1,
            rpcName: 'frontend',
            rpcAddress: `127.0.0.1:${ports.frontend}`,
          },
        },
      },
      dcRedirectionPolicy: { policy: 'noop' },
      dynamicConfigClient: { filepath: dynamicConfig, pollInterval: '10s' },
    };
    const file = path.join(layout.configDir, `${service}.yaml`);
    fs.writeFileSync(file, stringify(config));
    return [service, file] as const;
  };
  return Object.fromEntries(SERVICES.map(configFile)) as Record<ServiceName, string>;
}
