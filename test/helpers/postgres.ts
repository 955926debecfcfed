import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startThrowawayPostgres } from '../../storage/throwawayPostgres';

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
  const cluster = await startThrowawayPostgres();
  return withDatabases(cluster.url, () => cluster.stop());
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
