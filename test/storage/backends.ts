import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { type OpenDatabaseOptions, openDatabase, type SqlDialect, type Storage } from '../../storage/database';
import { migrationProvider } from '../../storage/migrations';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const ALL_DIALECTS: SqlDialect[] = ['sqlite', 'postgres'];

/**
 * Every storage test runs once per dialect: `describe.each(dialects)('%s', (dialect) => …)`. AFTERGLOW_TEST_DIALECTS
 * ("sqlite") narrows that for mutation testing (jest.stryker.config.js), where a PostgreSQL server per run costs
 * more than the mutants it could tell apart; an unknown name fails rather than silently testing nothing.
 */
export const dialects: SqlDialect[] = chosenDialects(process.env.AFTERGLOW_TEST_DIALECTS);

function chosenDialects(setting: string | undefined): SqlDialect[] {
  if (!setting) return ALL_DIALECTS;
  const names = setting.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !ALL_DIALECTS.includes(name as SqlDialect));
  if (unknown.length)
    throw new Error(`AFTERGLOW_TEST_DIALECTS: unknown dialect ${unknown.join(', ')} (use ${ALL_DIALECTS.join(', ')})`);
  return names as SqlDialect[];
}

/**
 * Registers the hooks that give a describe block stores of one dialect: SQLite files in temp dirs, or databases
 * on this file's own PostgreSQL server. Everything opened is closed and removed after the block.
 */
export function storageFor(dialect: SqlDialect) {
  let postgres: TestPostgres | undefined;
  const dirs: string[] = [];
  const open: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    if (dialect === 'postgres') postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.map((close) => close()));
    await postgres?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A new, empty place for a store. */
  async function location(): Promise<OpenDatabaseOptions> {
    const dataDir = mkdtempSync(join(tmpdir(), 'afterglow-storage-'));
    dirs.push(dataDir);
    return postgres ? { dataDir, databaseUrl: await postgres.createDatabase() } : { dataDir };
  }

  return {
    location,
    /** Opens a store (a new one unless given a location); `close()` may be called by the test or left to us. */
    async open(at?: OpenDatabaseOptions): Promise<Storage> {
      const storage = await openDatabase(at ?? (await location()));
      let closed: Promise<void> | undefined;
      const close = () => (closed ??= storage.close());
      open.push(close);
      return { ...storage, close };
    },
  };
}

/**
 * A database as an earlier release left it: migrated up to `migration` and no further, on a connection of its own
 * (the caller destroys it), for tests of what a later migration does to existing rows.
 */
export async function databaseMigratedTo(at: OpenDatabaseOptions, migration: string): Promise<Kysely<any>> {
  const db = at.databaseUrl
    ? new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: at.databaseUrl }) }) })
    : new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(join(at.dataDir, 'afterglow.db')) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(migration);
  if (error) throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  return db;
}

/**
 * What a database error is matched by: its message. Not `rejects.toThrow`: better-sqlite3's native part keeps the
 * error class of the first test file that loaded it in a jest worker, so in later files its errors are not
 * `instanceof Error` of their realm and `toThrow` reports "did not throw" (an order-dependent false failure).
 */
export const databaseRefusal = (message: RegExp) =>
  expect.objectContaining({ message: expect.stringMatching(message) });
