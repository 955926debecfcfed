import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeyRing } from './keyRing';

/** Metadata of an encrypted payload; everything else about the original payload is inside the ciphertext. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12; // GCM's native nonce size; random per payload, so a key is good for ~2^32 payloads
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;

/** A payload that claims to be encrypted but cannot be decrypted; never retried into success, so say why. */
export class PayloadDecryptionError extends Error {}

const utf8 = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;

/** True for payloads this codec produced (the rest, e.g. histories from before encryption, pass through decode). */
export function isEncryptedPayload(payload: Payload): boolean {
  return utf8(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

/**
 * AES-256-GCM over the whole serialized payload (metadata and data), so the server sees neither the values nor
 * their encoding. Wire format: metadata `encoding: binary/encrypted` and `encryption-key-id: <id>`, data
 * `iv (12) || ciphertext || tag (16)`. Runs in the client and the worker outside the workflow sandbox, and in the
 * API's codec endpoint for the Web UI and the CLI.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncryptedPayload(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const plaintext = ProtoPayload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.keys.encryptionKey, iv, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [ENCRYPTION_KEY_ID_METADATA]: Buffer.from(this.keys.encryptionKeyId),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = utf8(payload.metadata?.[ENCRYPTION_KEY_ID_METADATA]);
    if (!keyId) throw new PayloadDecryptionError(`encrypted payload has no "${ENCRYPTION_KEY_ID_METADATA}" metadata`);
    const shownId = JSON.stringify(keyId.slice(0, 64)); // comes from the server: bounded in messages
    const key = this.keys.key(keyId);
    if (!key)
      throw new PayloadDecryptionError(
        `payload was encrypted with key ${shownId}, which is not in AFTERGLOW_PAYLOAD_KEYS (it has ${this.keys.keyIds.join(', ')}); ` +
          'keep retired keys after the current one until no retained history uses them',
      );
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(
        `encrypted payload (key ${shownId}) is ${data.length} bytes, too short to hold an IV and a tag`,
      );
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      // GCM's tag check: altered or truncated ciphertext, or a different key filed under the same id.
      throw new PayloadDecryptionError(
        `encrypted payload (key ${shownId}) failed authentication: it was altered, or the key under that id changed`,
      );
    }
    const original = ProtoPayload.decode(plaintext);
    // A plain object, like the payloads the SDK makes itself (the decoded message carries protobufjs defaults).
    return {
      metadata: { ...original.metadata },
      data: original.data,
      ...(original.externalPayloads.length > 0 && { externalPayloads: original.externalPayloads }),
    };
  }
}
