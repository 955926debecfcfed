import { PayloadKeyRing } from '../../codec/keyRing';
import { sealedParts } from '../../privacy/sealedFormat';
import { ErasedDataError, personalDataVault, SealedDataError } from '../../privacy/vault';
import { dialects, storageFor } from '../storage/backends';
import { randomKey, ringOf } from '../codec/support';

const ADA = { storeId: 'default', customerId: 'c-ada' };
const GRACE = { storeId: 'default', customerId: 'c-grace' };
const fields = { email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' };
const at = () => new Date('2026-03-05T12:00:00Z');

describe.each(dialects)('the personal-data vault on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('seals each field under the customer key, as self-describing text with no trace of the value, and opens it again', async () => {
    const vault = personalDataVault((await stores.open()).db, ringOf('m1'), at);
    const sealed = await vault.seal(ADA, { ...fields, lastName: undefined });
    expect(sealed.lastName).toBeUndefined();
    for (const value of [sealed.email, sealed.firstName]) {
      expect(value).toMatch(/^afterglow-sealed:v1:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
      for (const plain of ['ada', 'Ada', 'lovelace', 'example']) expect(value).not.toContain(plain);
    }
    // One key per customer: both fields name it.
    expect(sealedParts(sealed.email)!.keyRef).toBe(sealedParts(sealed.firstName)!.keyRef);
    expect(await vault.open(sealed)).toEqual({ ...fields, lastName: undefined });
  });

  it('seals the same value alike for one customer (addresses compare in the workflow) and differently for another', async () => {
    const vault = personalDataVault((await stores.open()).db, ringOf('m1'), at);
    const once = await vault.seal(ADA, { email: fields.email });
    const again = await vault.seal(ADA, { email: fields.email });
    const other = await vault.seal(ADA, { email: 'ada@example.org' });
    const grace = await vault.seal(GRACE, { email: fields.email });
    expect(again.email).toBe(once.email);
    expect(other.email).not.toBe(once.email);
    expect(grace.email).not.toBe(once.email);
  });

  it('returns values that were never sealed as they are (histories from before sealing)', async () => {
    const vault = personalDataVault((await stores.open()).db, ringOf('m1'), at);
    expect(await vault.open({ email: 'old.plain@example.com', firstName: '', lastName: undefined })).toEqual({
      email: 'old.plain@example.com',
      firstName: '',
      lastName: undefined,
    });
  });

  it('destroys one customer key: their values no longer open, anywhere; another customer is untouched', async () => {
    const { db } = await stores.open();
    const vault = personalDataVault(db, ringOf('m1'), at);
    const ada = await vault.seal(ADA, fields);
    const grace = await vault.seal(GRACE, { email: 'grace@example.com' });
    expect(await vault.destroy(ADA)).toBe(true);
    expect(await vault.hasKey(ADA)).toBe(false);
    await expect(vault.open({ email: ada.email })).rejects.toThrow(ErasedDataError);
    await expect(vault.open({ email: ada.email })).rejects.toThrow(
      /key [A-Za-z0-9_-]{22} of this sealed value was destroyed/,
    );
    // A second vault (another process) over the same database cannot either.
    await expect(personalDataVault(db, ringOf('m1'), at).open({ email: ada.email })).rejects.toThrow(ErasedDataError);
    expect(await vault.open(grace)).toEqual({ email: 'grace@example.com' });
    // Destroying twice is harmless; a customer who returns gets a new key, under which the old values stay unreadable.
    expect(await vault.destroy(ADA)).toBe(false);
    const returned = await vault.seal(ADA, fields);
    expect(sealedParts(returned.email)!.keyRef).not.toBe(sealedParts(ada.email)!.keyRef);
    await expect(vault.open({ email: ada.email })).rejects.toThrow(ErasedDataError);
  });

  it('opens nothing under the wrong master key, and refuses an altered value without naming it', async () => {
    const { db } = await stores.open();
    const m1 = randomKey();
    const vault = personalDataVault(db, new PayloadKeyRing([{ id: 'm1', key: m1 }]), at);
    const sealed = await vault.seal(ADA, { email: fields.email });
    await expect(personalDataVault(db, ringOf('m1'), at).open(sealed)).rejects.toThrow(SealedDataError);
    await expect(personalDataVault(db, ringOf('m2'), at).open(sealed)).rejects.toThrow(
      /master key the vault does not have/,
    );
    // A rotation: the new master key first, the old one still unwraps the keys it wrapped.
    const rotated = personalDataVault(
      db,
      new PayloadKeyRing([
        { id: 'm2', key: randomKey() },
        { id: 'm1', key: m1 },
      ]),
      at,
    );
    expect(await rotated.open(sealed)).toEqual({ email: fields.email });

    const { keyRef, box } = sealedParts(sealed.email)!;
    const bytes = Buffer.from(box, 'base64url');
    bytes[14] ^= 1;
    const altered = `afterglow-sealed:v1:${keyRef}:${bytes.toString('base64url')}`;
    const failure = await vault.open({ email: altered }).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(SealedDataError);
    expect((failure as Error).message).not.toContain('ada');
  });

  it('keeps in its table only wrapped keys, by customer id', async () => {
    const { db } = await stores.open();
    const vault = personalDataVault(db, ringOf('m1'), at);
    await vault.seal(ADA, fields);
    const rows = await db.selectFrom('customer_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ store_id: 'default', customer_id: 'c-ada' });
    expect(rows[0].wrapped_key).toMatch(/^m1:[A-Za-z0-9+/]+=*$/);
    expect(new Date(rows[0].created_at).toISOString()).toBe('2026-03-05T12:00:00.000Z');
  });
});
