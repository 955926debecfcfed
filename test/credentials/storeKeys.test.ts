import { generateStoreKey, parseEnvStoreKeys, sha256Hex, storeKeyId, storeKeyring } from '../../credentials/storeKeys';

describe('store keys', () => {
  it('are long and random, with a public id, and only their hash is kept', () => {
    const a = generateStoreKey(new Date('2026-03-05T12:00:00Z'));
    const b = generateStoreKey();
    expect(a.key).toMatch(/^agk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toEqual({ id: storeKeyId(a.key), sha256: sha256Hex(a.key), created: '2026-03-05' });
    expect(JSON.stringify(a.hash)).not.toContain(a.key.slice(13));
  });

  it('each open their own store only, from the environment or from a file hash', () => {
    const fromEnv = generateStoreKey().key;
    const fromFile = generateStoreKey();
    const ring = storeKeyring(
      [{ storeId: 'shop-a', key: fromEnv }],
      [{ storeId: 'shop-b', sha256: fromFile.hash.sha256 }],
    );

    expect(ring.size).toBe(2);
    expect(ring.storeFor(fromEnv)).toBe('shop-a');
    expect(ring.storeFor(fromFile.key)).toBe('shop-b');
    expect(ring.storeFor(fromFile.hash.sha256)).toBeUndefined(); // a leaked hash is not a key
    expect(ring.storeFor(`${fromEnv}x`)).toBeUndefined();
    expect(ring.storeFor('')).toBeUndefined();
    expect(ring.storeFor(undefined)).toBeUndefined();
  });

  it('can be two for one store at once, so a store can rotate', () => {
    const [oldKey, newKey] = [generateStoreKey().key, generateStoreKey().key];
    const ring = storeKeyring(
      [
        { storeId: 'shop-a', key: oldKey },
        { storeId: 'shop-a', key: newKey },
      ],
      [],
    );
    expect([ring.storeFor(oldKey), ring.storeFor(newKey)]).toEqual(['shop-a', 'shop-a']);
  });

  describe('AFTERGLOW_API_KEYS', () => {
    const key = 'k'.repeat(32);
    it('reads storeId:key pairs', () => {
      expect(parseEnvStoreKeys(`shop-a:${key}, shop.b:${key}2`)).toEqual([
        { storeId: 'shop-a', key },
        { storeId: 'shop.b', key: `${key}2` },
      ]);
      expect(parseEnvStoreKeys(undefined)).toEqual([]);
      expect(parseEnvStoreKeys(' ')).toEqual([]);
    });

    it.each([
      ['no store id', `:${key}`, /entry 1: expected <storeId>:<key>/],
      ['no colon', key, /entry 1: expected <storeId>:<key>/],
      ['a bad store id', `my shop:${key}`, /entry 1: expected/],
      ['a short key (second entry)', `a:${key},b:short`, /entry 2 \(store b\): the key must be at least 32 characters/],
    ])('names the entry with %s, never its key', (_, value, message) => {
      expect(() => parseEnvStoreKeys(value)).toThrow(message);
      try {
        parseEnvStoreKeys(value);
      } catch (err) {
        expect((err as Error).message).not.toContain(key);
        expect((err as Error).message).not.toContain('short');
      }
    });
  });
});
