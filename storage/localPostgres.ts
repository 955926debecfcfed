import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server run from the installed server binaries (Debian's `postgresql` package) in a folder of its own:
 * the throwaway one of the tests and benchmark (storage/throwawayPostgres.ts) and the Temporal cluster's
 * (devtools/cluster/). Its superuser is `afterglow`, trusted on loopback only, no password.
 */
export interface LocalPostgres {
  /** `postgres://afterglow@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  initialized(): boolean;
  /** initdb (once; the folder must be empty or missing). */
  init(): void;
  /** Starts it and waits until it accepts connections. */
  start(): void;
  /** `immediate` for throwaway data, `fast` for data kept between runs. */
  stop(mode?: 'fast' | 'immediate'): void;
  running(): boolean;
}

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      'A local PostgreSQL needs its server installed (Debian/Ubuntu: `apt-get install -y postgresql`); ' +
        'the tests can use an existing server instead: TEST_DATABASE_URL, where the user may create databases.',
    );
  return join(root, newest, 'bin');
}

/**
 * `dir` holds the data (`dir/data`), the log and the socket. `durable: false` turns fsync off: for data nobody keeps.
 */
export function localPostgres(options: { dir: string; port: number; durable: boolean }): LocalPostgres {
  const { dir, port } = options;
  const bin = serverBinaries();
  const data = join(dir, 'data');
  // PostgreSQL refuses to run as root: there, run it as the `postgres` user the package creates, owning the dir.
  const asRoot = userInfo().uid === 0;
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
  const serverOptions = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    options.durable ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
  ].join(' ');
  return {
    url: (database = 'postgres') => `postgres://afterglow@127.0.0.1:${port}/${database}`,
    initialized: () => existsSync(join(data, 'PG_VERSION')),
    init() {
      if (asRoot) {
        const ids = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
        chownSync(dir, ids('-u'), ids('-g'));
      }
      const sync = options.durable ? [] : ['--no-sync'];
      run('initdb', ['-D', data, '-U', 'afterglow', '--auth=trust', ...sync, '--no-instructions', '-E', 'UTF8']);
    },
    start: () => void run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', serverOptions, '-w', 'start']),
    stop: (mode = 'fast') => void run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    running() {
      try {
        run('pg_ctl', ['-D', data, 'status']);
        return true;
      } catch {
        return false;
      }
    },
  };
}
