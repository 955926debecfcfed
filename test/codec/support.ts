import { randomBytes } from 'node:crypto';
import { PayloadKeyRing } from '../../codec/keyRing';

/** A fresh random key (test-only, never persisted). */
export const randomKey = () => randomBytes(32);

/** A ring whose first id encrypts; every id decrypts. */
export function ringOf(...ids: string[]): PayloadKeyRing {
  return new PayloadKeyRing(ids.map((id) => ({ id, key: randomKey() })));
}

/** `AFTERGLOW_PAYLOAD_KEYS` text for these ids and keys. */
export const keysVariable = (entries: [string, Buffer][]) =>
  entries.map(([id, key]) => `${id}:${key.toString('base64')}`).join(',');

export const SECRET_EMAIL = 'ada.secret@example.com';
