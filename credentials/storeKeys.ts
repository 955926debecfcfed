import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { StoreId } from '../domain/ids';

/**
 * Store keys: what a store's backend sends as `Authorization: Bearer <key>` on the store routes (orders, events,
 * consent). A key belongs to one store. Keys come from the environment (`AFTERGLOW_API_KEYS`) or, as SHA-256 hashes
 * only, from the store's settings file (`npx afterglow keys create`); a store may have several at once to rotate.
 */

/** Shorter keys would be guessable offline from a leaked hash; generated ones are far longer. */
const MIN_STORE_KEY_LENGTH = 32;
const GENERATED = /^agk_([a-z0-9]{8})_[A-Za-z0-9_-]{43}$/;

export const StoreKeyHash = z
  .object({
    /** The key's public part (`agk_<id>_…`): names it in lists and `keys revoke`, never enough to use it. */
    id: z.string().regex(/^[a-z0-9]{8}$/, 'must be the 8-character id of a key made by `afterglow keys create`'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the key'),
    created: z.string().optional(),
  })
  .strict();
export type StoreKeyHash = z.infer<typeof StoreKeyHash>;

export const sha256Hex = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new key with its id and hash; the key itself is shown once and never stored. */
export function generateStoreKey(now = new Date()): { key: string; hash: StoreKeyHash } {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const id = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  const key = `agk_${id}_${randomBytes(32).toString('base64url')}`;
  return { key, hash: { id, sha256: sha256Hex(key), created: now.toISOString().slice(0, 10) } };
}

/** The id of a generated key, for messages and logs (the rest of the key is the secret). */
export function storeKeyId(key: string): string | undefined {
  return GENERATED.exec(key)?.[1];
}

/** `storeId:key,storeId:key`; throws a message naming the bad entry (by position, never by its key). */
export function parseEnvStoreKeys(value: string | undefined): { storeId: string; key: string }[] {
  if (!value?.trim()) return [];
  return value.split(',').map((entry, index) => {
    const colon = entry.indexOf(':');
    const storeId = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (colon < 1 || !StoreId.safeParse(storeId).success)
      throw new Error(
        `AFTERGLOW_API_KEYS entry ${index + 1}: expected <storeId>:<key> with a store id of letters, digits, ".", "_" and "-"`,
      );
    if (key.length < MIN_STORE_KEY_LENGTH)
      throw new Error(
        `AFTERGLOW_API_KEYS entry ${index + 1} (store ${storeId}): the key must be at least ${MIN_STORE_KEY_LENGTH} characters (\`npx afterglow keys create\` makes one)`,
      );
    return { storeId, key };
  });
}

export interface StoreKeyring {
  /** The store the presented key belongs to, or undefined. Every known key is compared, in constant time. */
  storeFor(presented: string | undefined): string | undefined;
  /** How many keys are known: none means no store can call yet. */
  size: number;
}

/** The keyring from the environment's keys and the hashes in the stores' settings. */
export function storeKeyring(
  envKeys: { storeId: string; key: string }[],
  fileHashes: { storeId: string; sha256: string }[],
): StoreKeyring {
  const entries = [
    ...envKeys.map(({ storeId, key }) => ({ storeId, digest: Buffer.from(sha256Hex(key), 'hex') })),
    ...fileHashes.map(({ storeId, sha256 }) => ({ storeId, digest: Buffer.from(sha256, 'hex') })),
  ];
  return {
    size: entries.length,
    storeFor(presented) {
      if (!presented) return undefined;
      const digest = Buffer.from(sha256Hex(presented), 'hex');
      let match: string | undefined;
      // No early exit: the time taken does not say which key (or whether any) matched.
      for (const entry of entries)
        if (timingSafeEqual(entry.digest, digest) && match === undefined) match = entry.storeId;
      return match;
    },
  };
}
