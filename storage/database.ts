import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type SqlDialect = 'sqlite' | 'postgres';

export interface Storage {
  db: Kysely<Database>;
  dialect: SqlDialect;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL (usually `DATABASE_URL`); without one, SQLite in `dataDir`. */
  databaseUrl?: string;
  /** Where the SQLite file `afterglow.db` lives; created if missing. */
  dataDir: string;
}

/** Opens the store and brings its schema up to date, so every process can simply open it on start. */
export async function openDatabase({ databaseUrl, dataDir }: OpenDatabaseOptions): Promise<Storage> {
  const { db, dialect } = databaseUrl ? openPostgres(databaseUrl) : openSqlite(dataDir);
  try {
    await migrate(db, dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect, close: () => db.destroy() };
}

function openPostgres(connectionString: string) {
  const pool = new Pool({ connectionString });
  // An idle client losing its connection is replaced by the pool; without a listener it would crash the process.
  pool.on('error', (err) => console.warn(`PostgreSQL connection lost: ${err.message}`));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' as const };
}

function openSqlite(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  // Personal data (hashed addresses, consent): owner only, like the secrets beside it. SQLite gives its -wal and
  // -shm files the database file's permissions.
  const file = join(dataDir, 'afterglow.db');
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const database = new SQLite(file);
  // WAL lets the API and the worker read while the other writes; the busy timeout makes a writer wait its turn
  // instead of failing. `synchronous` stays FULL: a 'sent' mark lost to a power cut would mean a second email.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite' as const };
}

async function migrate(db: Kysely<Database>, dialect: SqlDialect): Promise<void> {
  const run = async (migrator: Migrator) => {
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  };
  // PostgreSQL: the Migrator serialises concurrent starts with an advisory lock, in a transaction of its own.
  if (dialect === 'postgres') return run(new Migrator({ db, provider: migrationProvider }));
  // SQLite has no such lock, and the API and the worker start together. BEGIN IMMEDIATE takes the write lock
  // before the Migrator reads what was applied, so the second process waits (busy timeout) and finds it done.
  await sql`begin immediate`.execute(db);
  try {
    await run(new Migrator({ db, provider: migrationProvider, disableTransactions: true }));
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}
