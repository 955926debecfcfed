import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import type { OpenDatabaseOptions } from '../../storage/database';
import { emailHash } from '../../storage/email';
import { migrationProvider } from '../../storage/migrations';
import { optOutStore } from '../../storage/optOuts';
import { dialects, storageFor } from './backends';

/** A database as the 0001 release left it. */
async function legacyDatabase(at: OpenDatabaseOptions): Promise<Kysely<any>> {
  const db = at.databaseUrl
    ? new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: at.databaseUrl }) }) })
    : new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(join(at.dataDir, 'afterglow.db')) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0001_initial');
  if (error) throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  return db;
}

const t = (day: number) => new Date(Date.UTC(2026, 2, day, 9)).toISOString();

describe.each(dialects)('migrating to one opt-out model on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('keeps every consent change and suppression, each in the model it belongs to', async () => {
    const at = await stores.location();
    const legacy = await legacyDatabase(at);
    const yes = dialect === 'postgres' ? true : 1;
    const no = dialect === 'postgres' ? false : 0;
    await legacy
      .insertInto('consent_changes')
      .values([
        {
          store_id: 's',
          customer_id: 'c-1',
          marketing: yes,
          until: null,
          source: 'order',
          at: t(1),
          recorded_at: t(1),
        },
        {
          store_id: 's',
          customer_id: 'c-1',
          marketing: no,
          until: null,
          source: 'unsubscribe',
          at: t(2),
          recorded_at: t(2),
        },
        {
          store_id: 's',
          customer_id: 'c-2',
          marketing: no,
          until: t(40),
          source: 'preference-page',
          at: t(3),
          recorded_at: t(3),
        },
        {
          store_id: 's',
          customer_id: 'c-3',
          marketing: yes,
          until: null,
          source: 'event',
          at: t(4),
          recorded_at: t(4),
        },
      ])
      .execute();
    const suppression = (email: string, reason: string, extra: Record<string, unknown> = {}) => ({
      store_id: 's',
      email_hash: emailHash(email),
      customer_id: null,
      reason,
      scope: ['hard-bounce', 'complaint', 'support'].includes(reason) ? 'all' : 'marketing',
      until: null,
      source: 'test',
      created_at: t(5),
      updated_at: t(5),
      lifted_at: null,
      lifted_source: null,
      ...extra,
    });
    await legacy
      .insertInto('suppressions')
      .values([
        suppression('bounced@example.com', 'hard-bounce', { customer_id: 'c-4', source: 'smtp' }),
        suppression('angry@example.com', 'complaint'),
        suppression('c5@example.com', 'unsubscribe', { customer_id: 'c-5', source: 'list-unsubscribe' }),
        suppression('c6@example.com', 'unsubscribe', {
          customer_id: 'c-6',
          source: 'agent-7',
          lifted_at: t(6),
          lifted_source: 'agent-7',
        }),
        suppression('anon@example.com', 'unsubscribe'),
        suppression('ended@example.com', 'pause', { until: t(6) }),
      ])
      .execute();
    await legacy.destroy();

    const { db } = await stores.open(at);
    const optOuts = optOutStore(db);
    const choices = async (customerId: string) =>
      (await optOuts.choices({ storeId: 's', customerId })).map((c) => [c.status, c.source, c.at, c.until]);
    expect(await choices('c-1')).toEqual([
      ['subscribed', 'store', t(1), undefined],
      ['unsubscribed', 'one-click', t(2), undefined],
    ]);
    expect(await choices('c-2')).toEqual([['paused', 'preference-page', t(3), t(40)]]);
    expect(await choices('c-3')).toEqual([['subscribed', 'store', t(4), undefined]]);
    expect(await choices('c-5')).toEqual([['unsubscribed', 'one-click', t(5), undefined]]);
    expect(await choices('c-6')).toEqual([
      ['unsubscribed', 'support', t(5), undefined],
      ['subscribed', 'support', t(6), undefined],
    ]);

    const verdict = (email: string, customerId: string, category: 'service' | 'marketing') =>
      optOuts.reasonNotToSend({ storeId: 's', customerId, email, category, at: new Date(t(10)) });
    expect(await verdict('bounced@example.com', 'c-4', 'service')).toBe('address blocked: hard-bounce');
    expect(await verdict('angry@example.com', 'c-9', 'marketing')).toBe('address blocked: complaint');
    expect(await verdict('anon@example.com', 'c-9', 'marketing')).toBe('address blocked: unsubscribe');
    expect(await verdict('ended@example.com', 'c-9', 'marketing')).toBeUndefined();
    expect(await verdict('c5@example.com', 'c-5', 'marketing')).toBe('unsubscribed from marketing');
    expect(await verdict('c6@example.com', 'c-6', 'marketing')).toBeUndefined();
    expect((await optOuts.addressBlocks({ storeId: 's', customerId: 'c-4' })).map((b) => [b.reason, b.source])).toEqual(
      [['hard-bounce', 'smtp']],
    );
  });
});
