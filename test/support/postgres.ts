import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL server for tests: the one at TEST_DATABASE_URL if set, else a throwaway cluster started from the
 * installed server binaries (Debian's `postgresql` package), else an error saying how to get one.
 * Each `createDatabase()` is a fresh, empty database, dropped again by `stop()`, so test files can run in parallel.
 */
export interface TestPostgres {
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return withDatabases(external, async () => {});
  const cluster = await startCluster();
  return withDatabases(cluster.url, cluster.stop);
}

function withDatabases(serverUrl: string, stopServer: () => Promise<void>): TestPostgres {
  const created: string[] = [];
  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    async createDatabase() {
      const name = `afterglow_test_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`create database ${name}`));
      created.push(name);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      // With force: a pool the test forgot to close must not keep the database (or the cluster) alive.
      await admin(async (c) => {
        for (const name of created) await c.query(`drop database if exists ${name} with (force)`);
      });
      await stopServer();
    },
  };
}

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      'The storage tests need PostgreSQL. Install its server (Debian/Ubuntu: `apt-get install -y postgresql`) ' +
        'or point TEST_DATABASE_URL at a server where the user may create databases.',
    );
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startCluster(): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-pg-'));
  // PostgreSQL refuses to run as root: there, run it as the `postgres` user the package creates, owning the dir.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const ids = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, ids('-u'), ids('-g'));
  }
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });

  const data = join(dir, 'data');
  const port = await freePort();
  // Throwaway data: no fsync, trust on loopback only, the socket kept in our own dir.
  run('initdb', ['-D', data, '-U', 'afterglow', '--auth=trust', '--no-sync', '--no-instructions', '-E', 'UTF8']);
  const options = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', 'start']);
  return {
    url: `postgres://afterglow@127.0.0.1:${port}/postgres`,
    async stop() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
