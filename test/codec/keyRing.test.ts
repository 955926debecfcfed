import { inspect } from 'node:util';
import { z } from 'zod';
import { parsePayloadKeys, PayloadKeyError, PayloadKeyRing, PayloadKeysSchema } from '../../codec/keyRing';
import { keysVariable, randomKey } from './support';

function messageOf(value: string): string {
  try {
    parsePayloadKeys(value);
  } catch (err) {
    expect(err).toBeInstanceOf(PayloadKeyError);
    return (err as Error).message;
  }
  throw new Error('expected a PayloadKeyError');
}

describe('AFTERGLOW_PAYLOAD_KEYS', () => {
  it('unset means no encryption; the first entry encrypts and every entry decrypts', () => {
    expect(parsePayloadKeys(undefined)).toBeUndefined();
    const [k2, k1] = [randomKey(), randomKey()];
    const ring = parsePayloadKeys(` k2:${k2.toString('base64')} , k1:${k1.toString('base64')}`)!;
    expect(ring.encryptionKeyId).toBe('k2');
    expect(ring.keyIds).toEqual(['k2', 'k1']);
    expect(ring.encryptionKey.equals(k2)).toBe(true);
    expect(ring.key('k1')!.equals(k1)).toBe(true);
    expect(ring.key('k0')).toBeUndefined();
  });

  it('names every bad entry and what is wrong with it', () => {
    const good = randomKey().toString('base64');
    const message = messageOf(
      [
        `ok:${good}`,
        '',
        'no-separator',
        `bad id!:${good}`,
        'short:c2hvcnQ=',
        'notb64:***',
        `ok:${good}`,
        'empty:',
      ].join(','),
    );
    expect(message.split('\n')).toEqual([
      'Invalid AFTERGLOW_PAYLOAD_KEYS:',
      '  entry 2: is empty (expected keyId:base64key; is there a stray comma?)',
      '  entry 3: has no ":" (expected keyId:base64key)',
      '  entry 4: key id must be 1-64 letters, digits, ".", "_" or "-" (expected keyId:base64key)',
      '  entry 5 ("short"): key is 5 bytes; AES-256 needs 32 (make one with `openssl rand -base64 32`)',
      '  entry 6 ("notb64"): key is not standard base64 (A-Z a-z 0-9 + / with = padding)',
      '  entry 7 ("ok"): key id "ok" appears twice; each key needs its own id',
      '  entry 8 ("empty"): key is empty (make one with `openssl rand -base64 32`)',
    ]);
  });

  it('an empty value is an error, not a silent "no encryption"', () => {
    expect(messageOf('')).toContain('entry 1: is empty');
  });

  it('never quotes key material in errors, even when the key is where the id belongs', () => {
    const key = randomKey().toString('base64');
    expect(messageOf(`${key}:k1`)).not.toContain(key.slice(0, 8));
    expect(messageOf(key)).not.toContain(key.slice(0, 8));
  });

  it('keeps key bytes out of logs and JSON', () => {
    const key = randomKey();
    const ring = parsePayloadKeys(keysVariable([['k1', key]]))!;
    const hex = key.toString('hex');
    const b64 = key.toString('base64');
    for (const text of [inspect(ring, { showHidden: true, depth: 5 }), JSON.stringify({ config: ring })])
      for (const secret of [hex, b64, String(key[0]) + ',' + String(key[1])]) expect(text).not.toContain(secret);
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ encryptionKeyId: 'k1', keyIds: ['k1'] });
  });

  it('fits a config schema: the issue names the variable', () => {
    const Config = z.object({ AFTERGLOW_PAYLOAD_KEYS: PayloadKeysSchema.optional() });
    expect(Config.parse({}).AFTERGLOW_PAYLOAD_KEYS).toBeUndefined();
    expect(
      Config.parse({ AFTERGLOW_PAYLOAD_KEYS: keysVariable([['k1', randomKey()]]) }).AFTERGLOW_PAYLOAD_KEYS,
    ).toBeInstanceOf(PayloadKeyRing);
    const issues = Config.safeParse({ AFTERGLOW_PAYLOAD_KEYS: 'k1:AAAA' }).error!.issues;
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'AFTERGLOW_PAYLOAD_KEYS',
        'entry 1 ("k1"): key is 3 bytes; AES-256 needs 32 (make one with `openssl rand -base64 32`)',
      ],
    ]);
  });

  it('the ring refuses bad keys built in code too', () => {
    expect(() => new PayloadKeyRing([])).toThrow('at least one key');
    expect(() => new PayloadKeyRing([{ id: 'k1', key: Buffer.alloc(16) }])).toThrow('16 bytes');
    expect(() => new PayloadKeyRing([{ id: 'a:b', key: randomKey() }])).toThrow('invalid payload key id');
    const key = randomKey();
    expect(
      () =>
        new PayloadKeyRing([
          { id: 'k1', key },
          { id: 'k1', key },
        ]),
    ).toThrow('duplicate');
  });
});
