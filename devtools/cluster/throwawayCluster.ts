import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCluster, built } from './build';
import { frontendAddress, startCluster, stopCluster } from './cluster';
import { ensureNamespace } from './frontend';
import { clusterLayout, type ClusterLayout, clusterPorts } from './layout';
import { portAccepts } from './processes';

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
    const open = await Promise.all(all.map(portAccepts));
    if (!open.some(Boolean)) return base;
  }
  throw new Error('no free range of ports for a test cluster');
}

export interface ThrowawayCluster {
  layout: ClusterLayout;
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/**
 * A cluster of its own for a test file or a benchmark (binaries from the project-local cache, built first if
 * missing: minutes the first time), in a temp folder on free ports, with `namespace` ready for journeys. `stop()`
 * removes it all.
 */
export async function startThrowawayCluster(namespace = 'default'): Promise<ThrowawayCluster> {
  if (!built()) buildCluster();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-cluster-'));
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
