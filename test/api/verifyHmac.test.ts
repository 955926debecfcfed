import { verifyShopifyHmac } from '../../api/shopify/verifyHmac';
import { sign } from './helpers';

describe('verifyShopifyHmac', () => {
  const body = Buffer.from('{"id":450789469,"note":"café ☕"}');
  const secret = 'hush';
  const good = sign(body, secret);

  it('accepts the base64 HMAC-SHA256 of the raw bytes', () => {
    expect(verifyShopifyHmac(body, good, secret)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a repeated header', [good, good]],
    ['another secret', sign(body, 'other')],
    ['a hex digest of the right HMAC', Buffer.from(good, 'base64').toString('hex')],
    ['a shorter value', good.slice(0, -4)],
    ['trailing characters a lenient base64 decoder would ignore', `${good}AA`],
    ['the same digest without padding', good.replace(/=+$/, '')],
  ])('rejects %s', (_name, header) => {
    expect(verifyShopifyHmac(body, header, secret)).toBe(false);
  });

  it('rejects a body that differs by one byte', () => {
    expect(verifyShopifyHmac(Buffer.from('{"id":450789469,"note":"café ☕" }'), good, secret)).toBe(false);
  });
});
