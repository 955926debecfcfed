import fs from 'node:fs';
import { Command } from 'commander';
import { buildCluster } from '../devtools/cluster/build';
import {
  afterglowDatabaseUrl,
  clusterStatus,
  frontendAddress,
  startCluster,
  stopCluster,
  uiUrl,
} from '../devtools/cluster/cluster';
import { CACHE_DIR, clusterLayout } from '../devtools/cluster/layout';
import { ensureNamespace } from '../devtools/cluster/frontend';

/**
 * `npm run cluster [-- up|down|reset|status|build|clean]`: a multi-service Temporal cluster on PostgreSQL on this
 * machine (docs/cluster.md). `up` (the default) builds what is missing, starts what is not running and prints where
 * each part is; the cluster keeps running in the background until `down`.
 */
const layout = clusterLayout();
const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';
// The Web UI decodes journeys' encrypted payloads through the API's codec endpoint (`npm start`'s API, by default).
const CODEC_ENDPOINT =
  process.env.AFTERGLOW_CLUSTER_CODEC_ENDPOINT ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/codec`;

const program = new Command('npm run cluster --').description('A multi-service Temporal cluster on PostgreSQL');

program
  .command('up', { isDefault: true })
  .description('build (once), start, and print where each part is')
  .action(async () => {
    buildCluster();
    await startCluster(layout, { ui: { codecEndpoint: CODEC_ENDPOINT, namespace: NAMESPACE } });
    await ensureNamespace(frontendAddress(layout), NAMESPACE);
    const pids = clusterStatus(layout);
    console.log(`
Temporal cluster running (state in ${layout.stateDir}):
  frontend gRPC      ${frontendAddress(layout)} (namespace ${NAMESPACE}); history, matching and worker as their own processes (pids ${Object.values(pids).join(', ')})
  Web UI             ${uiUrl(layout)} (decodes through ${CODEC_ENDPOINT})
  PostgreSQL         ${afterglowDatabaseUrl(layout)} (Afterglow's storage; Temporal's in temporal and temporal_visibility)
  logs               ${layout.logDir}

Afterglow on it:
  TEMPORAL_ADDRESS=${frontendAddress(layout)} DATABASE_URL=${afterglowDatabaseUrl(layout)} npm start

Stop with: npm run cluster -- down   (reset deletes its data; clean also the built binaries)`);
  });

program
  .command('down')
  .description('stop every process of the cluster (data kept)')
  .action(() => stopCluster(layout));

program
  .command('reset')
  .description('stop the cluster and delete its data (journeys, histories, Afterglow storage)')
  .action(async () => {
    await stopCluster(layout);
    fs.rmSync(layout.stateDir, { recursive: true, force: true });
    console.log(`deleted ${layout.stateDir}`);
  });

program
  .command('status')
  .description('which processes run')
  .action(() => {
    for (const [name, pid] of Object.entries(clusterStatus(layout)))
      console.log(`${name.padEnd(9)} ${pid ? `running (pid ${pid})` : 'stopped'}`);
  });

program
  .command('build')
  .description('build the server, the schema tool and the Web UI from the Go module proxy (once)')
  .action(() => buildCluster());

program
  .command('clean')
  .description(`stop, and delete ${CACHE_DIR} entirely (binaries, Go caches, data)`)
  .action(async () => {
    await stopCluster(layout);
    fs.rmSync(CACHE_DIR, { recursive: true, force: true });
    console.log(`deleted ${CACHE_DIR}`);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`cluster: ${error.message}`);
  process.exit(1);
});
