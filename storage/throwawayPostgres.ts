import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of its own: its `url` names the `postgres` database of user `afterglow`, no password. */
export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      'A throwaway PostgreSQL needs its server installed (Debian/Ubuntu: `apt-get install -y postgresql`); ' +
        'the tests can use an existing server instead: TEST_DATABASE_URL, where the user may create databases.',
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

/**
 * Starts a throwaway PostgreSQL cluster from the installed server binaries (Debian's `postgresql` package) in a
 * temp dir, for the tests and the benchmark: no fsync, trust on loopback only. `stop()` removes it all.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
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
