import fs from 'node:fs';
import { buildCluster, built } from '../../devtools/cluster/build';
import { frontendAddress, startCluster, stopCluster } from '../../devtools/cluster/cluster';
import { clusterLayout, type ClusterLayout, clusterPorts } from '../../devtools/cluster/layout';
import { ensureNamespace } from '../../devtools/cluster/frontend';
import { isPortOpen, tempDir } from './faultProcesses';

/**
 * A base whose ports (base … base+33) nobody listens on now: below 32768, since the server stores membership ports
 * in a smallint column (and the OS hands out ephemeral ports from 32768 up).
 */
async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 100 * Math.floor(Math.random() * 120);
    const ports = clusterPorts(base);
    const all = [
      ports.postgres,
      ports.frontendHttp,
      ports.ui,
      ...Object.values(ports.grpc),
      ...Object.values(ports.membership),
      ...Object.values(ports.metrics),
    ];
    const open = await Promise.all(all.map(isPortOpen));
    if (!open.some(Boolean)) return base;
  }
  throw new Error('no free range of ports for a test cluster');
}

export interface TestCluster {
  layout: ClusterLayout;
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/**
 * A cluster of its own for one test file (binaries from the project-local cache, built first if missing: minutes
 * the first time), in a temp folder on free ports, with `namespace` ready for journeys.
 */
export async function startTestCluster(namespace = 'default'): Promise<TestCluster> {
  if (!built()) buildCluster();
  const stateDir = tempDir('afterglow-cluster-');
  // mkdtemp makes it private to us; PostgreSQL runs as its own user when we are root and must reach its folder.
  fs.chmodSync(stateDir, 0o755);
  const layout = clusterLayout(stateDir, await freePortBase());
  try {
    await startCluster(layout);
    await ensureNamespace(frontendAddress(layout), namespace);
  } catch (error) {
    await stopCluster(layout);
    throw error;
  }
  return {
    layout,
    address: frontendAddress(layout),
    namespace,
    async stop() {
      await stopCluster(layout);
      fs.rmSync(layout.stateDir, { recursive: true, force: true });
    },
  };
}
