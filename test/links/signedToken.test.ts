import { createHmac } from 'node:crypto';
import { MAX_TOKEN_LENGTH, signToken, TokenError, verifyToken } from '../../links/signedToken';
import { refusalReason } from '../helpers/tokenRefusal';

const SECRET = 'link-secret-0123456789abcdefghijklmnop';
const OLD_SECRET = 'old-link-secret-0123456789abcdefghijkl';
const NOW = new Date('2026-03-02T15:00:00Z');

function b64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/** A token over any payload text, correctly signed: what a bug of ours (or a future version) could produce. */
function signRaw(payloadJson: string, secret = SECRET): string {
  const encoded = b64(payloadJson);
  return `${encoded}.${createHmac('sha256', secret).update(encoded).digest('base64url')}`;
}

describe('link tokens', () => {
  const token = signToken({ storeId: 'default', customerId: 'c-42' }, SECRET, NOW);

  it('round-trips ids, list and issue time, and nothing else', () => {
    expect(verifyToken(token, SECRET)).toEqual({
      v: 1,
      storeId: 'default',
      customerId: 'c-42',
      list: 'marketing',
      iat: 1772463600,
    });
    const [payload] = token.split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
      v: 1,
      storeId: 'default',
      customerId: 'c-42',
      list: 'marketing',
      iat: 1772463600,
    });
  });

  it('is URL-safe as it stands (base64url payload "." 43-character signature)', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('round-trips non-ASCII customer ids and the longest allowed ids within MAX_TOKEN_LENGTH', () => {
    const longest = signToken({ storeId: 's'.repeat(100), customerId: '顧'.repeat(200) }, SECRET, NOW);
    expect(longest.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    expect(verifyToken(longest, SECRET).customerId).toBe('顧'.repeat(200));
  });

  it('refuses an altered payload', () => {
    const [, signature] = token.split('.');
    const forged = `${b64(JSON.stringify({ v: 1, storeId: 'default', customerId: 'c-43', list: 'marketing', iat: 1772463600 }))}.${signature}`;
    expect(refusalReason(() => verifyToken(forged, SECRET))).toBe('bad_signature');
    // A single flipped character of the payload as well.
    const flipped = (token[0] === 'e' ? 'f' : 'e') + token.slice(1);
    expect(refusalReason(() => verifyToken(flipped, SECRET))).toBe('bad_signature');
  });

  it('refuses an altered signature', () => {
    const [payload, signature] = token.split('.');
    const altered = `${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(refusalReason(() => verifyToken(altered, SECRET))).toBe('bad_signature');
  });

  it('refuses a token signed with another secret, with a clear message', () => {
    const other = signToken({ storeId: 'default', customerId: 'c-42' }, 'another-secret-0123456789abcdefghijkl', NOW);
    expect(() => verifyToken(other, SECRET)).toThrow(
      new TokenError('bad_signature', 'the token signature does not match: it was altered or not signed by us'),
    );
  });

  it('accepts tokens signed with a rotated-out secret still in the list, and signs with the first one', () => {
    const before = signToken({ storeId: 'default', customerId: 'c-42' }, [OLD_SECRET], NOW);
    expect(verifyToken(before, [SECRET, OLD_SECRET]).customerId).toBe('c-42');

    const after = signToken({ storeId: 'default', customerId: 'c-42' }, [SECRET, OLD_SECRET], NOW);
    expect(verifyToken(after, SECRET).customerId).toBe('c-42');
    expect(refusalReason(() => verifyToken(after, OLD_SECRET))).toBe('bad_signature');
    // Once the old secret is dropped, its links stop working.
    expect(refusalReason(() => verifyToken(before, [SECRET]))).toBe('bad_signature');
  });

  it.each([
    ['empty', ''],
    ['no dot', 'abc'],
    ['two dots', `${token}.x`],
    ['empty payload', `.${token.split('.')[1]}`],
    ['characters outside base64url', token.replace('.', '.+')],
    ['padding', `${token}=`],
    ['a short signature', token.slice(0, -1)],
    ['a long signature', `${token}A`],
    ['too long', `${'A'.repeat(MAX_TOKEN_LENGTH)}.${token.split('.')[1]}`],
    ['whitespace', ` ${token}`],
  ])('refuses a malformed token (%s)', (_, malformed) => {
    expect(refusalReason(() => verifyToken(malformed, SECRET))).toBe('malformed');
  });

  // 1503 bytes of JSON encode to 2004 characters: with "." and the 43 of the signature, exactly MAX_TOKEN_LENGTH.
  it.each([
    [
      'exactly MAX_TOKEN_LENGTH long: read (and refused only for its payload)',
      1503 - 8,
      MAX_TOKEN_LENGTH,
      'invalid_payload',
    ],
    ['longer: refused unread', 1504 - 8, MAX_TOKEN_LENGTH + 2, 'malformed'],
  ])('a correctly signed token %s', (_, filler, length, reason) => {
    const long = signRaw(JSON.stringify({ x: 'a'.repeat(filler) }));
    expect(long).toHaveLength(length);
    expect(refusalReason(() => verifyToken(long, SECRET))).toBe(reason);
  });

  it('refuses a token that is not a string, even one that spells a token', () => {
    expect(refusalReason(() => verifyToken(42 as unknown as string, SECRET))).toBe('malformed');
    expect(refusalReason(() => verifyToken({ toString: () => token } as unknown as string, SECRET))).toBe('malformed');
  });

  it('stamps the issue time in whole seconds (signed inside the test, at a pinned instant)', () => {
    const at = new Date('2026-03-02T15:00:00.999Z');
    expect(verifyToken(signToken({ storeId: 'default', customerId: 'c-42' }, SECRET, at), SECRET).iat).toBe(1772463600);
  });

  it('names what is malformed, as a TokenError', () => {
    expect(() => verifyToken('abc', SECRET)).toThrow(
      new TokenError('malformed', 'not a link token: expected base64url payload "." base64url signature'),
    );
    const [payload, signature] = token.split('.');
    const nonCanonical = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].find(
      (c) =>
        c !== signature[42] &&
        Buffer.from(`${signature.slice(0, 42)}${c}`, 'base64url').equals(Buffer.from(signature, 'base64url')),
    )!;
    expect(() => verifyToken(`${payload}.${signature.slice(0, 42)}${nonCanonical}`, SECRET)).toThrow(
      new TokenError('malformed', 'the token signature is not a base64url HMAC-SHA256'),
    );
    const thrown = (() => {
      try {
        verifyToken('abc', SECRET);
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toMatchObject({ name: 'TokenError', reason: 'malformed' });
  });

  it('accepts a secret of exactly the minimum length', () => {
    const secret = 's'.repeat(32);
    expect(verifyToken(signToken({ storeId: 'default', customerId: 'c-42' }, secret, NOW), secret).customerId).toBe(
      'c-42',
    );
  });

  it('names the fields a signed payload gets wrong, and the kind of token', () => {
    expect(() =>
      verifyToken(signRaw(JSON.stringify({ v: 1, storeId: 'default', list: 'all', iat: 1 })), SECRET),
    ).toThrow(
      new TokenError('invalid_payload', 'the token payload is not a valid unsubscribe token (customerId, list)'),
    );
    expect(() => verifyToken(signRaw(JSON.stringify([1])), SECRET)).toThrow(
      new TokenError('invalid_payload', 'the token payload is not a valid unsubscribe token ((payload))'),
    );
    expect(() => verifyToken(signRaw('not json'), SECRET)).toThrow(
      new TokenError('invalid_payload', 'the token payload is not JSON'),
    );
  });

  it('refuses a signature with a non-canonical last character (same bytes, other spelling)', () => {
    const [payload, signature] = token.split('.');
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(signature[42]);
    // The last of 43 characters carries 4 bits of signature and 2 padding bits, which decoding ignores.
    const sibling = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last ^ 1];
    expect(refusalReason(() => verifyToken(`${payload}.${signature.slice(0, 42)}${sibling}`, SECRET))).toBe(
      'malformed',
    );
  });

  it.each([
    ['not JSON', 'not json'],
    ['another version', JSON.stringify({ v: 2, storeId: 'default', customerId: 'c-42', list: 'marketing', iat: 1 })],
    ['another list', JSON.stringify({ v: 1, storeId: 'default', customerId: 'c-42', list: 'all', iat: 1 })],
    [
      'an extra field',
      JSON.stringify({
        v: 1,
        storeId: 'default',
        customerId: 'c-42',
        list: 'marketing',
        iat: 1,
        email: 'ada@example.com',
      }),
    ],
    ['a missing field', JSON.stringify({ v: 1, storeId: 'default', list: 'marketing', iat: 1 })],
  ])('refuses a correctly signed payload that is %s', (_, payload) => {
    expect(refusalReason(() => verifyToken(signRaw(payload), SECRET))).toBe('invalid_payload');
  });

  it('refuses to sign ids the verifier would refuse, and to work without a strong secret', () => {
    // The payload schema's own words, so a crash elsewhere in signing would not pass for a refusal.
    expect(() => signToken({ storeId: 'no spaces', customerId: 'c-42' }, SECRET)).toThrow(/letters, digits/);
    expect(() => signToken({ storeId: 'default', customerId: '' }, SECRET)).toThrow(/must not be empty/);
    expect(() => signToken({ storeId: 'default', customerId: 'c-42' }, [])).toThrow('no link secret configured');
    expect(() => signToken({ storeId: 'default', customerId: 'c-42' }, 'short')).toThrow('at least 32 characters');
    expect(() => verifyToken(token, [SECRET, 'short'])).toThrow('at least 32 characters');
  });
});
