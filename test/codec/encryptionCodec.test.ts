import type * as FailureConverterModule from '../../codec/failureConverter';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { dataConverterFor } from '../../codec/dataConverter';
import {
  ENCRYPTED_ENCODING,
  ENCRYPTION_KEY_ID_METADATA,
  EncryptionCodec,
  isEncryptedPayload,
  PayloadDecryptionError,
} from '../../codec/encryptionCodec';
import { PayloadKeyRing } from '../../codec/keyRing';
import { randomKey, ringOf, SECRET_EMAIL } from './support';

const toPayload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

/** Payloads as the SDK makes them: JSON, raw bytes, null/undefined, and one with extra metadata. */
const originals: Payload[] = [
  toPayload({ customer: { email: SECRET_EMAIL, firstName: 'Ada' }, total: '58.00', note: 'ビタミンC' }),
  toPayload(new Uint8Array([0, 1, 2, 253, 254, 255])),
  toPayload(null),
  toPayload(undefined),
  toPayload(''),
  {
    metadata: { encoding: Buffer.from('json/protobuf'), messageType: Buffer.from('x.y.Z') },
    data: Buffer.from('{"a":1}'),
  },
];

/** Compares what matters on the wire: the serialized payload. */
const wire = (payload: Payload) => Buffer.from(temporal.api.common.v1.Payload.encode(payload).finish()).toString('hex');

async function decryptionError(codec: EncryptionCodec, payload: Payload): Promise<string> {
  const error = await codec.decode([payload]).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(PayloadDecryptionError);
  return (error as Error).message;
}

describe('EncryptionCodec', () => {
  const codec = new EncryptionCodec(ringOf('k1'));

  it('round-trips every kind of payload, metadata included', async () => {
    const encoded = await codec.encode(originals);
    expect(encoded).toHaveLength(originals.length);
    const decoded = await codec.decode(encoded);
    expect(decoded.map(wire)).toEqual(originals.map(wire));
    expect(defaultPayloadConverter.fromPayload(decoded[0])).toEqual(defaultPayloadConverter.fromPayload(originals[0]));
    expect(defaultPayloadConverter.fromPayload(decoded[1])).toEqual(new Uint8Array([0, 1, 2, 253, 254, 255]));
    expect(await codec.encode([])).toEqual([]);
  });

  it('hides value and encoding: only the key id and "binary/encrypted" are in clear', async () => {
    const [encrypted] = await codec.encode([originals[0]]);
    expect(Object.keys(encrypted.metadata!).sort()).toEqual([ENCRYPTION_KEY_ID_METADATA, METADATA_ENCODING_KEY].sort());
    expect(text(encrypted.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata![ENCRYPTION_KEY_ID_METADATA])).toBe('k1');
    expect(isEncryptedPayload(encrypted)).toBe(true);
    const bytes = Buffer.from(temporal.api.common.v1.Payload.encode(encrypted).finish());
    for (const clear of [SECRET_EMAIL, 'json/plain', 'Ada']) expect(bytes.includes(clear)).toBe(false);
    // iv (12) + ciphertext (as long as the serialized original) + tag (16)
    expect(encrypted.data!.length).toBe(12 + temporal.api.common.v1.Payload.encode(originals[0]).finish().length + 16);
  });

  it('uses a fresh IV per payload: the same value never encrypts to the same bytes', async () => {
    const [a, b] = await codec.encode([originals[0], originals[0]]);
    const [c] = await codec.encode([originals[0]]);
    const datas = [a, b, c].map((p) => Buffer.from(p.data!).toString('hex'));
    expect(new Set(datas).size).toBe(3);
    expect(new Set(datas.map((d) => d.slice(0, 24))).size).toBe(3);
  });

  it('refuses altered, truncated or foreign ciphertext', async () => {
    const [encrypted] = await codec.encode([originals[0]]);
    const data = Buffer.from(encrypted.data!);
    const withData = (bytes: Buffer): Payload => ({ metadata: encrypted.metadata, data: bytes });
    for (const index of [0, 12, data.length >> 1, data.length - 1]) {
      const altered = Buffer.from(data);
      altered[index] ^= 0x01;
      expect(await decryptionError(codec, withData(altered))).toMatch(/failed authentication/);
    }
    expect(await decryptionError(codec, withData(data.subarray(0, data.length - 1)))).toMatch(/failed authentication/);
    expect(await decryptionError(codec, withData(data.subarray(0, 20)))).toMatch(/too short/);
    // Same id, different key (someone replaced the key instead of rotating to a new id).
    const impostor = new EncryptionCodec(ringOf('k1'));
    expect(await decryptionError(impostor, encrypted)).toMatch(/failed authentication/);
  });

  it('names the missing key when a payload was encrypted with a key the ring no longer has', async () => {
    const [encrypted] = await codec.encode([originals[0]]);
    const message = await decryptionError(new EncryptionCodec(ringOf('k2', 'k3')), encrypted);
    expect(message).toContain('"k1"');
    expect(message).toContain('k2, k3');
    const noId: Payload = {
      metadata: { [METADATA_ENCODING_KEY]: encrypted.metadata![METADATA_ENCODING_KEY] },
      data: encrypted.data,
    };
    expect(await decryptionError(codec, noId)).toMatch(/no "encryption-key-id"/);
  });

  it('rotation: the new key encrypts, the old one still decrypts', async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    const before = new EncryptionCodec(new PayloadKeyRing([{ id: '2026-01', key: oldKey }]));
    const after = new EncryptionCodec(
      new PayloadKeyRing([
        { id: '2026-06', key: newKey },
        { id: '2026-01', key: oldKey },
      ]),
    );
    const [written] = await before.encode([originals[0]]);
    expect((await after.decode([written])).map(wire)).toEqual([wire(originals[0])]);
    const [rewritten] = await after.encode([originals[0]]);
    expect(text(rewritten.metadata![ENCRYPTION_KEY_ID_METADATA])).toBe('2026-06');
    expect(await decryptionError(before, rewritten)).toContain('"2026-06"');
  });

  it('passes unencrypted payloads through decode untouched (old histories, search attributes)', async () => {
    const searchAttribute: Payload = {
      metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
      data: Buffer.from('"c-42"'),
    };
    const noMetadata: Payload = { data: Buffer.from('x') };
    const [encrypted] = await codec.encode([originals[0]]);
    const decoded = await codec.decode([originals[0], searchAttribute, noMetadata, encrypted]);
    expect(decoded[0]).toBe(originals[0]);
    expect(decoded[1]).toBe(searchAttribute);
    expect(decoded[2]).toBe(noMetadata);
    expect(wire(decoded[3])).toBe(wire(originals[0]));
  });
});

describe('dataConverterFor', () => {
  it('is the SDK default without keys', () => {
    expect(dataConverterFor(undefined)).toBeUndefined();
  });

  it('encrypts payloads and failure messages with keys', async () => {
    const converter = dataConverterFor(ringOf('k1'))!;
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.payloadCodecs![0]).toBeInstanceOf(EncryptionCodec);
    // Loaded by path, as the worker's bundler loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
    const { failureConverter } = require(converter.failureConverterPath!) as typeof FailureConverterModule;
    const failure = failureConverter.errorToFailure(
      new Error(`550 <${SECRET_EMAIL}>: no such user`),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(text(failure.encodedAttributes?.data)).toContain(SECRET_EMAIL); // a payload now, so the codec encrypts it
  });
});
