import { z } from 'zod';

/**
 * Payload encryption keys from `AFTERGLOW_PAYLOAD_KEYS`: comma-separated `keyId:base64key` entries, each key 32
 * random bytes (AES-256; make one with `openssl rand -base64 32`). The first entry encrypts new payloads; every
 * entry decrypts, so a rotation is "put the new key first, keep the old ones after it" until no history that
 * still references an old key id is retained by the server.
 */
const PAYLOAD_KEYS_VARIABLE = 'AFTERGLOW_PAYLOAD_KEYS';
const PAYLOAD_KEY_BYTES = 32;

// Key ids travel in clear in every payload's metadata: short, printable, and never the key itself.
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/**
 * The keys a codec may use. Key bytes live in a private field: they never show up in `console.log`, `util.inspect`
 * or `JSON.stringify` of the ring (or of a config object holding it), only the ids do.
 */
export class PayloadKeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  /** Encrypts every new payload. */
  readonly encryptionKeyId: string;
  /** Every id that decrypts, the encrypting one first. */
  readonly keyIds: readonly string[];

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('a payload key ring needs at least one key');
    const map = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`invalid payload key id ${JSON.stringify(id.slice(0, 80))}`);
      if (key.length !== PAYLOAD_KEY_BYTES)
        throw new Error(`payload key "${id}" is ${key.length} bytes; AES-256 needs ${PAYLOAD_KEY_BYTES}`);
      if (map.has(id)) throw new Error(`duplicate payload key id "${id}"`);
      map.set(id, Buffer.from(key)); // a copy: the caller may reuse or wipe its buffer
    }
    this.#keys = map;
    this.encryptionKeyId = keys[0].id;
    this.keyIds = Object.freeze([...map.keys()]);
  }

  /** The key that encrypts new payloads. */
  get encryptionKey(): Buffer {
    return this.#keys.get(this.encryptionKeyId)!;
  }

  /** The key with this id, if the ring still has it. */
  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  toJSON(): { encryptionKeyId: string; keyIds: readonly string[] } {
    return { encryptionKeyId: this.encryptionKeyId, keyIds: this.keyIds };
  }
}

/**
 * Validates the variable's text and turns it into a key ring. Issues name the entry (by position, and by id once
 * the id is valid) and what is wrong with it; they never quote key material, since a misplaced separator could
 * put a key where an id belongs. Usable directly in the config schema: `AFTERGLOW_PAYLOAD_KEYS:
 * PayloadKeysSchema.optional()`.
 */
export const PayloadKeysSchema = z.string().transform((raw, ctx): PayloadKeyRing => {
  const keys: PayloadKey[] = [];
  const seen = new Set<string>();
  let failed = false;
  raw.split(',').forEach((text, i) => {
    let where = `entry ${i + 1}`;
    const problem = (message: string) => {
      failed = true;
      // No `input`: the raw value holds key material and must not end up in an error.
      ctx.addIssue({ code: 'custom', message: `${where}: ${message}`, input: undefined });
    };
    const entry = text.trim();
    if (!entry) return problem('is empty (expected keyId:base64key; is there a stray comma?)');
    const colon = entry.indexOf(':');
    if (colon < 0) return problem('has no ":" (expected keyId:base64key)');
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id))
      return problem('key id must be 1-64 letters, digits, ".", "_" or "-" (expected keyId:base64key)');
    where = `entry ${i + 1} ("${id}")`;
    if (seen.has(id)) return problem(`key id "${id}" appears twice; each key needs its own id`);
    seen.add(id);
    if (!encoded) return problem('key is empty (make one with `openssl rand -base64 32`)');
    if (!BASE64.test(encoded)) return problem('key is not standard base64 (A-Z a-z 0-9 + / with = padding)');
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== PAYLOAD_KEY_BYTES)
      return problem(
        `key is ${key.length} bytes; AES-256 needs ${PAYLOAD_KEY_BYTES} (make one with \`openssl rand -base64 32\`)`,
      );
    keys.push({ id, key });
  });
  return failed ? z.NEVER : new PayloadKeyRing(keys);
});

export class PayloadKeyError extends Error {}

/**
 * `AFTERGLOW_PAYLOAD_KEYS` as a key ring; undefined when the variable is unset (payloads stay unencrypted, for
 * local development). An empty or invalid value throws a PayloadKeyError listing every problem: a typo must not
 * silently turn encryption off.
 */
export function parsePayloadKeys(value: string | undefined): PayloadKeyRing | undefined {
  if (value === undefined) return undefined;
  const parsed = PayloadKeysSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.message}`);
  throw new PayloadKeyError(`Invalid ${PAYLOAD_KEYS_VARIABLE}:\n${lines.join('\n')}`);
}
