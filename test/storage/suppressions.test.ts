import type { Kysely } from 'kysely';
import { emailHash, normalizeEmail } from '../../storage/email';
import type { Database, SuppressionReason } from '../../storage/schema';
import { type MessageCategory, type SuppressInput, suppressionStore, type SuppressionStore } from '../../storage/suppressions';
import { dialects, storageFor } from './backends';

const now = new Date('2026-03-05T12:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
const ada = 'ada@example.com';

describe('email normalization', () => {
  it('compares addresses trimmed and lowercase', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(emailHash('Ada@Example.com')).toBe(emailHash(ada));
    expect(emailHash(ada)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each(dialects)('suppressions on %s', (dialect) => {
  const stores = storageFor(dialect);
  let db: Kysely<Database>;
  let store: SuppressionStore;
  let n = 0;
  let storeId: string;
  beforeAll(async () => {
    ({ db } = await stores.open());
    store = suppressionStore(db, () => now);
  });
  // A store of its own per test: the tests share one database.
  beforeEach(() => {
    storeId = `store-${++n}`;
  });

  const suppress = (reason: SuppressionReason, extra: Partial<SuppressInput> = {}) =>
    store.suppress({ storeId, email: ada, reason, source: 'test', ...extra });
  const check = (category: MessageCategory, extra: { email?: string; customerId?: string; at?: Date } = {}) =>
    store.isSuppressed({ storeId, email: ada, category, at: now, ...extra });
  const blocked = (reason: SuppressionReason) => ({ suppressed: true, reason });
  const open = { suppressed: false };

  it('lets everything through for an address nobody suppressed', async () => {
    expect(await check('service')).toEqual(open);
    expect(await check('marketing')).toEqual(open);
  });

  it('blocks only marketing after an unsubscribe', async () => {
    await suppress('unsubscribe');
    expect(await check('marketing')).toEqual(blocked('unsubscribe'));
    expect(await check('service')).toEqual(open);
  });

  it.each(['hard-bounce', 'complaint'] as const)('blocks service messages too after a %s', async (reason) => {
    await suppress(reason);
    expect(await check('service')).toEqual(blocked(reason));
    expect(await check('marketing')).toEqual(blocked(reason));
  });

  it('refuses a bounce or complaint limited to marketing, a pause without an end, and a non-address', async () => {
    await expect(suppress('complaint', { scope: 'marketing' })).rejects.toThrow(/blocks every message/);
    await expect(suppress('pause')).rejects.toThrow(/needs `until`/);
    await expect(suppress('unsubscribe', { email: 'not an address' })).rejects.toThrow(/not an email/);
  });

  it('pauses marketing until the pause ends', async () => {
    await suppress('pause', { until: later(30) });
    expect(await check('marketing', { at: later(29) })).toEqual(blocked('pause'));
    expect(await check('service', { at: later(29) })).toEqual(open);
    expect(await check('marketing', { at: later(30) })).toEqual(open);
  });

  it('matches the address whatever its case, and keeps only its hash', async () => {
    await suppress('unsubscribe', { email: ' Ada@Example.COM' });
    expect(await check('marketing', { email: ada })).toEqual(blocked('unsubscribe'));
    expect(await check('marketing', { email: 'ADA@EXAMPLE.COM' })).toEqual(blocked('unsubscribe'));
    const rows = await db.selectFrom('suppressions').selectAll().where('store_id', '=', storeId).execute();
    expect(rows.map((r) => r.email_hash)).toEqual([emailHash(ada)]);
    expect(JSON.stringify(rows)).not.toMatch(/@/);
  });

  it('follows the customer to a new address for what they asked, but a bounce stays with the address', async () => {
    await suppress('unsubscribe', { customerId: 'c-42', email: 'old@example.com' });
    await suppress('hard-bounce', { customerId: 'c-42', email: 'old@example.com' });
    const newAddress = { email: 'new@example.com', customerId: 'c-42' };
    expect(await check('marketing', newAddress)).toEqual(blocked('unsubscribe'));
    expect(await check('service', newAddress)).toEqual(open);
    expect(await check('service', { email: 'old@example.com', customerId: 'c-42' })).toEqual(blocked('hard-bounce'));
    expect(await check('marketing', { email: 'new@example.com', customerId: 'c-7' })).toEqual(open);
  });

  it('gives the most serious reason when several apply', async () => {
    await suppress('unsubscribe');
    await suppress('complaint');
    expect(await check('marketing')).toEqual(blocked('complaint'));
  });

  it('lifts an unsubscribe on resubscribe, not a bounce, and suppresses again later', async () => {
    await suppress('unsubscribe', { customerId: 'c-42' });
    await suppress('hard-bounce', { customerId: 'c-42' });
    expect(await store.lift({ storeId, customerId: 'c-42', email: ada, source: 'preference-page' })).toBe(1);
    expect(await check('marketing')).toEqual(blocked('hard-bounce'));
    expect(await store.lift({ storeId, email: ada, reasons: ['hard-bounce'], source: 'support' })).toBe(1);
    expect(await check('marketing')).toEqual(open);

    await suppress('unsubscribe');
    expect(await check('marketing')).toEqual(blocked('unsubscribe'));
  });

  it('lists what was recorded for a customer, lifted ones included', async () => {
    await suppress('pause', { customerId: 'c-42', until: later(7) });
    await suppress('unsubscribe', { customerId: 'c-42' });
    // Repeated without the customer (a retried webhook): still one row, with the customer id it had.
    await suppress('unsubscribe');
    await suppress('hard-bounce', { customerId: 'c-42', source: 'smtp' });
    await suppress('complaint');
    await store.lift({ storeId, customerId: 'c-42', reasons: ['pause'], source: 'support' });

    expect(await store.listSuppressions(storeId, 'c-42')).toEqual([
      expect.objectContaining({ reason: 'hard-bounce', scope: 'all', customerId: 'c-42', source: 'smtp' }),
      expect.objectContaining({ reason: 'pause', scope: 'marketing', until: later(7), liftedAt: now, liftedSource: 'support' }),
      expect.objectContaining({ reason: 'unsubscribe', customerId: 'c-42', liftedAt: undefined, createdAt: now }),
    ]);
    // The complaint was recorded with the address only: it shows when support gives the address too.
    const withAddress = await store.listSuppressions(storeId, 'c-42', 'ADA@example.com');
    expect(withAddress.map((s) => s.reason)).toEqual(['complaint', 'hard-bounce', 'pause', 'unsubscribe']);
    expect(await store.listSuppressions(storeId, 'c-7')).toEqual([]);
  });
});
