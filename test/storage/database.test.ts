import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { OpenDatabaseOptions } from '../../storage/database';
import { suppressionStore } from '../../storage/suppressions';
import { dialects, storageFor } from './backends';

// Real processes: better-sqlite3 is synchronous, so only separate processes can race for an SQLite file.
const opener = `require('./storage/database').openDatabase(JSON.parse(process.argv[1])).then((s) => s.close())`;
const openInAnotherProcess = (at: OpenDatabaseOptions) =>
  new Promise<void>((resolve, reject) => {
    const args = ['--require', 'tsx/cjs', '-e', opener, JSON.stringify(at)];
    execFile(process.execPath, args, { cwd: join(__dirname, '../..') }, (err, _out, stderr) =>
      err ? reject(new Error(`opening in another process failed: ${stderr}`)) : resolve(),
    );
  });

describe.each(dialects)('database on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('opens with the dialect asked for', async () => {
    const { dialect: opened } = await stores.open();
    expect(opened).toBe(dialect);
  });

  it('migrates once: opening again keeps the data and runs nothing twice', async () => {
    const at = await stores.location();
    const first = await stores.open(at);
    await suppressionStore(first.db).suppress({ storeId: 's', email: 'ada@example.com', reason: 'unsubscribe', source: 'test' });
    await first.close();

    const second = await stores.open(at);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
    expect(rows.map((r) => r.name)).toEqual(['0001_initial']);
    const check = { storeId: 's', email: 'ada@example.com', category: 'marketing' as const, at: new Date() };
    expect(await suppressionStore(second.db).isSuppressed(check)).toEqual({ suppressed: true, reason: 'unsubscribe' });
  });

  it('lets processes that start at once on a new database (the API and the worker) all migrate it', async () => {
    const at = await stores.location();
    await Promise.all([1, 2, 3].map(() => openInAnotherProcess(at)));
    const { db } = await stores.open(at);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(['0001_initial']);
  });

  if (dialect === 'sqlite')
    it('keeps afterglow.db in the data dir, in WAL mode', async () => {
      const at = await stores.location();
      const { db } = await stores.open(at);
      expect(existsSync(join(at.dataDir, 'afterglow.db'))).toBe(true);
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(rows[0].journal_mode).toBe('wal');
    });
});
