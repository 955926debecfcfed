import type { Kysely } from 'kysely';
import type { MarketingPreference } from '../../rules/journeyState';
import { emailHash, normalizeEmail } from '../../storage/email';
import { type OptOutStore, optOutStore } from '../../storage/optOuts';
import type { Database } from '../../storage/schema';
import { dialects, storageFor } from './backends';

const now = new Date('2026-03-05T12:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const ada = 'ada@example.com';

describe('email normalization', () => {
  it('compares addresses trimmed and lowercase', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(emailHash('Ada@Example.com')).toBe(emailHash(ada));
    expect(emailHash(ada)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each(dialects)('opt-outs on %s', (dialect) => {
  const stores = storageFor(dialect);
  let db: Kysely<Database>;
  let store: OptOutStore;
  let n = 0;
  let storeId: string;
  beforeAll(async () => {
    ({ db } = await stores.open());
    store = optOutStore(db, () => now);
  });
  // A store of its own per test: the tests share one database.
  beforeEach(() => {
    storeId = `store-${++n}`;
  });

  const owner = (customerId = 'c-42') => ({ storeId, customerId });
  const choose = (
    status: MarketingPreference['status'],
    source: MarketingPreference['source'],
    minutes: number,
    until?: string,
  ) => store.recordChoice(owner(), { status, source, at: at(minutes), ...(until && { until }) });
  const check = (
    category: 'service' | 'marketing',
    extra: { email?: string; customerId?: string; minutes?: number } = {},
  ) =>
    store.reasonNotToSend({
      storeId,
      customerId: extra.customerId ?? 'c-42',
      email: extra.email ?? ada,
      category,
      at: new Date(at(extra.minutes ?? 0)),
    });

  describe("the customer's choices", () => {
    it('has none for a customer who never chose', async () => {
      expect(await store.currentChoice(owner('nobody'))).toBeUndefined();
      expect(await store.choices(owner('nobody'))).toEqual([]);
      expect(await check('marketing')).toBeUndefined();
    });

    it('keeps every choice in recording order and answers the one that stands', async () => {
      await choose('subscribed', 'store', 0);
      await choose('unsubscribed', 'one-click', 10);
      await choose('subscribed', 'preference-page', 20);

      expect((await store.choices(owner())).map((c) => [c.status, c.source, c.at])).toEqual([
        ['subscribed', 'store', at(0)],
        ['unsubscribed', 'one-click', at(10)],
        ['subscribed', 'preference-page', at(20)],
      ]);
      expect(await store.currentChoice(owner())).toEqual({
        status: 'subscribed',
        source: 'preference-page',
        at: at(20),
      });
    });

    it("keeps the customer's unsubscribe over a store opt-in dated at or before it, even recorded after it", async () => {
      await choose('unsubscribed', 'one-click', 10);
      await choose('subscribed', 'store', 10);
      await choose('subscribed', 'store', 3);

      expect(await store.currentChoice(owner())).toMatchObject({ status: 'unsubscribed', source: 'one-click' });
      expect(await check('marketing', { minutes: 30 })).toBe('unsubscribed from marketing');
    });

    it('follows the customer to a new address', async () => {
      await choose('unsubscribed', 'one-click', 0);
      expect(await check('marketing', { email: 'new@example.com' })).toBe('unsubscribed from marketing');
      expect(await check('marketing', { email: 'new@example.com', customerId: 'c-7' })).toBeUndefined();
    });

    it('pauses marketing until the pause ends, never service mail', async () => {
      await choose('paused', 'preference-page', 0, at(60));
      expect(await check('marketing', { minutes: 59 })).toBe(`marketing paused until ${at(60)}`);
      expect(await check('service', { minutes: 59 })).toBeUndefined();
      expect(await check('marketing', { minutes: 60 })).toBeUndefined();
    });

    it('records the same choice once, however often it is retried, and keeps stores apart', async () => {
      await choose('unsubscribed', 'one-click', 5);
      await choose('unsubscribed', 'one-click', 5);
      expect(await store.choices(owner())).toHaveLength(1);
      expect(await store.currentChoice({ storeId: `${storeId}-other`, customerId: 'c-42' })).toBeUndefined();
    });
  });

  describe('what is known about an address', () => {
    const block = (
      reason: 'hard-bounce' | 'complaint' | 'support' | 'unsubscribe',
      extra: { email?: string; customerId?: string } = {},
    ) => store.blockAddress({ storeId, email: ada, reason, source: 'test', ...extra });

    it.each([
      ['hard-bounce', 'address blocked: hard-bounce', 'address blocked: hard-bounce'],
      ['support', 'address blocked: support', 'address blocked: support'],
      ['complaint', undefined, 'address blocked: complaint'],
      ['unsubscribe', undefined, 'address blocked: unsubscribe'],
    ] as const)('a %s stops service mail: %s; marketing: %s', async (reason, service, marketing) => {
      await block(reason);
      expect(await check('service')).toBe(service);
      expect(await check('marketing')).toBe(marketing);
    });

    it('matches the address whatever its case, and keeps only its hash', async () => {
      await block('hard-bounce', { email: ' Ada@Example.COM' });
      expect(await check('service', { email: 'ADA@EXAMPLE.COM' })).toBe('address blocked: hard-bounce');
      const rows = await db.selectFrom('address_blocks').selectAll().where('store_id', '=', storeId).execute();
      expect(rows.map((r) => r.email_hash)).toEqual([emailHash(ada)]);
      expect(JSON.stringify(rows)).not.toMatch(/@/);
    });

    it('stays with the address: a new address of the same customer may work', async () => {
      await block('hard-bounce', { customerId: 'c-42', email: 'old@example.com' });
      expect(await check('service', { email: 'old@example.com' })).toBe('address blocked: hard-bounce');
      expect(await check('service', { email: 'new@example.com' })).toBeUndefined();
    });

    it('lifts a block, and blocks again when it happens again', async () => {
      await block('hard-bounce');
      expect(await store.liftAddressBlock({ storeId, email: ada, reason: 'hard-bounce', source: 'support' })).toBe(
        true,
      );
      expect(await store.liftAddressBlock({ storeId, email: ada, reason: 'hard-bounce', source: 'support' })).toBe(
        false,
      );
      expect(await check('service')).toBeUndefined();
      await block('hard-bounce');
      expect(await check('service')).toBe('address blocked: hard-bounce');
    });

    it('lists the blocks of an address and of the customer, lifted ones included', async () => {
      await block('hard-bounce', { customerId: 'c-42', email: 'old@example.com' });
      await block('complaint');
      // Repeated without the customer (a retried webhook): still one row, with the customer id it had.
      await block('hard-bounce', { email: 'old@example.com' });
      await store.liftAddressBlock({ storeId, email: ada, reason: 'complaint', source: 'support' });

      expect(await store.addressBlocks({ storeId, customerId: 'c-42' })).toEqual([
        expect.objectContaining({
          reason: 'hard-bounce',
          customerId: 'c-42',
          emailHash: emailHash('old@example.com'),
          createdAt: now,
        }),
      ]);
      expect(
        (await store.addressBlocks({ storeId, customerId: 'c-42', email: ada })).map((b) => [b.reason, b.liftedSource]),
      ).toEqual([
        ['complaint', 'support'],
        ['hard-bounce', undefined],
      ]);
      expect(await store.addressBlocks({ storeId })).toEqual([]);
    });
  });
});
