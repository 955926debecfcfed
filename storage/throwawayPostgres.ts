import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localPostgres } from './localPostgres';

/** A PostgreSQL cluster of its own: its `url` names the `postgres` database of user `afterglow`, no password. */
export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a throwaway PostgreSQL cluster from the installed server binaries in a temp dir, for the tests and the
 * benchmark: no fsync, trust on loopback only. `stop()` removes it all.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-pg-'));
  const server = localPostgres({ dir, port: await freePort(), durable: false });
  server.init();
  server.start();
  return {
    url: server.url(),
    async stop() {
      server.stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
