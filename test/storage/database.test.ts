import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { OpenDatabaseOptions } from '../../storage/database';
import { optOutStore } from '../../storage/optOuts';
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

const ALL_MIGRATIONS = [
  '0001_initial',
  '0002_one_opt_out_model',
  '0003_webhook_deliveries',
  '0004_answers',
  '0005_measurement',
  '0006_report_speed',
  '0007_send_ledger_message_id',
  '0008_order_imports',
  '0009_webhook_resources_and_refunds',
  '0010_privacy',
];

describe.each(dialects)('database on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('opens with the dialect asked for', async () => {
    const { dialect: opened } = await stores.open();
    expect(opened).toBe(dialect);
  });

  it('migrates once: opening again keeps the data and runs nothing twice', async () => {
    const at = await stores.location();
    const first = await stores.open(at);
    await optOutStore(first.db).blockAddress({
      storeId: 's',
      email: 'ada@example.com',
      reason: 'complaint',
      source: 'test',
    });
    await first.close();

    const second = await stores.open(at);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
    expect(rows.map((r) => r.name)).toEqual(ALL_MIGRATIONS);
    const check = {
      storeId: 's',
      customerId: 'c',
      email: 'ada@example.com',
      category: 'marketing' as const,
      at: new Date(),
    };
    expect(await optOutStore(second.db).reasonNotToSend(check)).toBe('address blocked: complaint');
  });

  it('lets processes that start at once on a new database (the API and the worker) all migrate it', async () => {
    const at = await stores.location();
    await Promise.all([1, 2, 3].map(() => openInAnotherProcess(at)));
    const { db } = await stores.open(at);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(ALL_MIGRATIONS);
  });

  if (dialect === 'sqlite')
    it('keeps afterglow.db in the data dir, in WAL mode, readable by its owner only', async () => {
      const at = await stores.location();
      const { db } = await stores.open(at);
      expect(existsSync(join(at.dataDir, 'afterglow.db'))).toBe(true);
      for (const file of ['afterglow.db', 'afterglow.db-wal'])
        expect(statSync(join(at.dataDir, file)).mode & 0o777).toBe(0o600);
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(rows[0].journal_mode).toBe('wal');
    });
});
