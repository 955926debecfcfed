import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PayloadKeyRing } from '../codec/keyRing';
import { toIso } from '../storage/columns';
import type { Database } from '../storage/schema';
import { sealedParts, sealedValue } from './sealedFormat';

/** A sealed value whose key is gone: the customer was erased. Names the key reference only. */
export class ErasedDataError extends Error {
  override name = 'ErasedDataError';
}

/** The value cannot be opened for another reason (tampered, or a master key the vault no longer has). */
export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

export interface CustomerRef {
  storeId: string;
  customerId: string;
}

const CIPHER = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const box = (iv: Buffer, ciphertext: Buffer, tag: Buffer) => Buffer.concat([iv, ciphertext, tag]);

function encrypt(key: Buffer, iv: Buffer, plaintext: Buffer, aad: string): Buffer {
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES }).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return box(iv, ciphertext, cipher.getAuthTag());
}

function decrypt(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv(CIPHER, key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES }).setAAD(
    Buffer.from(aad),
  );
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** Binds a wrapped key to its row: a key copied onto another customer's row does not unwrap. */
const wrapAad = (keyRef: string, { storeId, customerId }: CustomerRef) =>
  `afterglow-customer-key:${keyRef}:${storeId}:${customerId}`;
const sealAad = (keyRef: string) => `afterglow-sealed:v1:${keyRef}`;

/**
 * The personal-data vault: each customer's personal fields are sealed under a data key of their own (AES-256-GCM),
 * kept in `customer_keys` wrapped under the master key ring (AFTERGLOW_VAULT_KEYS). Destroying the customer's key
 * (their erasure) makes every sealed copy unreadable, in Temporal histories and in exports alike, which is the only
 * way to erase from histories that cannot be edited.
 *
 * Sealing is deterministic per key (the IV is an HMAC of the value): the same address seals to the same text, so
 * workflow code that compares addresses ("that is already the customer's address") still works. It reveals only
 * that two of one customer's values are equal.
 */
export function personalDataVault(
  db: Kysely<Database>,
  masterKeys: PayloadKeyRing,
  now: () => Date = () => new Date(),
) {
  function unwrap(row: { key_ref: string; store_id: string; customer_id: string; wrapped_key: string }): Buffer {
    const colon = row.wrapped_key.indexOf(':');
    const master = masterKeys.key(row.wrapped_key.slice(0, colon));
    if (!master)
      throw new SealedDataError(`customer key ${row.key_ref} is wrapped under a master key the vault does not have`);
    try {
      return decrypt(
        master,
        Buffer.from(row.wrapped_key.slice(colon + 1), 'base64'),
        wrapAad(row.key_ref, { storeId: row.store_id, customerId: row.customer_id }),
      );
    } catch {
      throw new SealedDataError(
        `customer key ${row.key_ref} does not unwrap: another master key under the same id, or an altered row`,
      );
    }
  }

  async function keyByRef(keyRef: string): Promise<Buffer | undefined> {
    const row = await db.selectFrom('customer_keys').selectAll().where('key_ref', '=', keyRef).executeTakeFirst();
    return row && unwrap(row);
  }

  /** The customer's data key, made on first use. Two processes racing both end with the one that was stored first. */
  async function keyOf(customer: CustomerRef): Promise<{ keyRef: string; key: Buffer }> {
    const existing = await db
      .selectFrom('customer_keys')
      .selectAll()
      .where('store_id', '=', customer.storeId)
      .where('customer_id', '=', customer.customerId)
      .executeTakeFirst();
    if (existing) return { keyRef: existing.key_ref, key: unwrap(existing) };
    const keyRef = randomBytes(16).toString('base64url');
    const key = randomBytes(KEY_BYTES);
    const wrapped = encrypt(masterKeys.encryptionKey, randomBytes(IV_BYTES), key, wrapAad(keyRef, customer));
    await db
      .insertInto('customer_keys')
      .values({
        key_ref: keyRef,
        store_id: customer.storeId,
        customer_id: customer.customerId,
        wrapped_key: `${masterKeys.encryptionKeyId}:${wrapped.toString('base64')}`,
        created_at: toIso(now()),
      })
      .onConflict((oc) => oc.columns(['store_id', 'customer_id']).doNothing())
      .execute();
    return keyOf(customer);
  }

  function sealWith(keyRef: string, key: Buffer, plain: string): string {
    const data = Buffer.from(plain, 'utf8');
    const ivKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'afterglow-vault-iv', 32));
    const iv = createHmac('sha256', ivKey).update(data).digest().subarray(0, IV_BYTES);
    return sealedValue({ keyRef, box: encrypt(key, iv, data, sealAad(keyRef)).toString('base64url') });
  }

  /** Opens each value with a key looked up once per call. */
  function opener() {
    const keys = new Map<string, Promise<Buffer | undefined>>();
    return async (value: string): Promise<string> => {
      const parts = sealedParts(value);
      if (!parts) return value;
      if (!keys.has(parts.keyRef)) keys.set(parts.keyRef, keyByRef(parts.keyRef));
      const key = await keys.get(parts.keyRef)!;
      if (!key)
        throw new ErasedDataError(
          `the key ${parts.keyRef} of this sealed value was destroyed: the customer was erased`,
        );
      try {
        return decrypt(key, Buffer.from(parts.box, 'base64url'), sealAad(parts.keyRef)).toString('utf8');
      } catch {
        throw new SealedDataError(`a value sealed under key ${parts.keyRef} does not open: it was altered`);
      }
    };
  }

  return {
    /** Seals each present field of `fields` under the customer's key (made if they have none). */
    async seal<T extends Record<string, string | undefined>>(customer: CustomerRef, fields: T): Promise<T> {
      const { keyRef, key } = await keyOf(customer);
      return Object.fromEntries(
        Object.entries(fields).map(([name, value]) => [
          name,
          value === undefined ? value : sealWith(keyRef, key, value),
        ]),
      ) as T;
    },

    /**
     * Opens each present field; a value that is not sealed (from before sealing) is returned as it is. Throws
     * ErasedDataError when the customer's key was destroyed.
     */
    async open<T extends Record<string, string | undefined>>(fields: T): Promise<T> {
      const open = opener();
      const entries = await Promise.all(
        Object.entries(fields).map(async ([name, value]) => [name, value === undefined ? value : await open(value)]),
      );
      return Object.fromEntries(entries) as T;
    },

    /** Whether the customer has a key (anything sealed for them can still be opened). */
    async hasKey(customer: CustomerRef): Promise<boolean> {
      const row = await db
        .selectFrom('customer_keys')
        .select('key_ref')
        .where('store_id', '=', customer.storeId)
        .where('customer_id', '=', customer.customerId)
        .executeTakeFirst();
      return !!row;
    },

    /** Destroys the customer's key: everything sealed under it is unreadable from now on. Returns whether one existed. */
    async destroy(customer: CustomerRef): Promise<boolean> {
      const result = await db
        .deleteFrom('customer_keys')
        .where('store_id', '=', customer.storeId)
        .where('customer_id', '=', customer.customerId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
export type PersonalDataVault = ReturnType<typeof personalDataVault>;
