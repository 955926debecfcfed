import { emailHash } from '../../storage/email';
import { optOutStore } from '../../storage/optOuts';
import { databaseMigratedTo, databaseRefusal, dialects, storageFor } from './backends';

describe.each(dialects)('migrating to erasure (0010) on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('keeps every address block, lifted ones too, and accepts the reason "erased" alongside them', async () => {
    const at = await stores.location();
    const before = await databaseMigratedTo(at, '0009_webhook_resources_and_refunds');
    const block = (email: string, reason: string, lifted: string | null) => ({
      store_id: 's',
      email_hash: emailHash(email),
      customer_id: 'c-1',
      reason,
      source: 'test',
      created_at: '2026-03-05T09:00:00.000Z',
      updated_at: '2026-03-05T09:00:00.000Z',
      lifted_at: lifted,
      lifted_source: lifted && 'support',
    });
    await before
      .insertInto('address_blocks')
      .values([
        block('a@example.com', 'hard-bounce', null),
        block('b@example.com', 'unsubscribe', '2026-03-06T09:00:00.000Z'),
      ])
      .execute();
    await before.destroy();

    const { db } = await stores.open(at);
    const optOuts = optOutStore(db, () => new Date('2026-03-07T09:00:00Z'));
    const kept = await optOuts.addressBlocks({ storeId: 's', customerId: 'c-1' });
    expect(kept.map((b) => [b.reason, b.liftedAt?.toISOString()])).toEqual([
      ['hard-bounce', undefined],
      ['unsubscribe', '2026-03-06T09:00:00.000Z'],
    ]);
    await optOuts.blockAddressHash({
      storeId: 's',
      emailHash: emailHash('a@example.com'),
      reason: 'erased',
      source: 'erasure',
    });
    const reasons = await db
      .selectFrom('address_blocks')
      .select('reason')
      .where('email_hash', '=', emailHash('a@example.com'))
      .orderBy('reason')
      .execute();
    expect(reasons.map((r) => r.reason)).toEqual(['erased', 'hard-bounce']);
    // The rebuilt table keeps its check of the reasons.
    await expect(
      db
        .insertInto('address_blocks')
        .values({ ...block('c@example.com', 'whim', null), reason: 'whim' as 'erased' })
        .execute(),
    ).rejects.toEqual(databaseRefusal(/address_blocks_reason|CHECK constraint failed/));
  });
});
