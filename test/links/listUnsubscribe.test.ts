import { listUnsubscribeHeaders } from '../../links/listUnsubscribe';
import { signToken } from '../../links/signedToken';

const token = signToken({ storeId: 'default', customerId: 'c-42' }, 'link-secret-0123456789abcdefghijklmnop');
const base = { publicUrl: 'https://shop.example.com', token, storeId: 'default', listIdDomain: 'afterglow.localhost' };

describe('list headers of a marketing email', () => {
  it('are exactly what RFC 8058 one-click needs: one HTTPS URI first, then mailto, and the fixed POST key/value', () => {
    const links = listUnsubscribeHeaders({ ...base, mailto: 'unsubscribe@afterglow.localhost' });
    expect(links).toEqual({
      headers: {
        'List-Unsubscribe': `<https://shop.example.com/u/${token}>, <mailto:unsubscribe@afterglow.localhost?subject=unsubscribe>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'List-Id': '<marketing.default.afterglow.localhost>',
      },
      unsubscribeUrl: `https://shop.example.com/u/${token}`,
      preferencesUrl: `https://shop.example.com/u/${token}`,
    });
  });

  it('list only the HTTPS URI without a mailto address', () => {
    expect(listUnsubscribeHeaders(base).headers['List-Unsubscribe']).toBe(`<https://shop.example.com/u/${token}>`);
  });

  it.each([
    ['https://shop.example.com/', `https://shop.example.com/u/${token}`],
    ['https://shop.example.com/afterglow', `https://shop.example.com/afterglow/u/${token}`],
    ['https://shop.example.com/afterglow/?utm=x#top', `https://shop.example.com/afterglow/u/${token}`],
    ['http://localhost:3000', `http://localhost:3000/u/${token}`],
    ['http://127.0.0.1:3000', `http://127.0.0.1:3000/u/${token}`],
  ])('build the link under the public URL %s', (publicUrl, expected) => {
    expect(listUnsubscribeHeaders({ ...base, publicUrl }).unsubscribeUrl).toBe(expected);
  });

  it('refuse a plain-HTTP public URL outside loopback: one-click requires HTTPS', () => {
    expect(() => listUnsubscribeHeaders({ ...base, publicUrl: 'http://shop.example.com' })).toThrow('https://');
  });

  it.each([
    ['a subdomain of localhost', 'http://shop.localhost:3000'],
    ['IPv6 loopback', 'http://[::1]:3000'],
    ['anywhere in 127/8', 'http://127.1.2.3'],
  ])('let plain HTTP through on loopback only: %s', (_name, publicUrl) => {
    expect(listUnsubscribeHeaders({ ...base, publicUrl }).unsubscribeUrl).toBe(`${publicUrl}/u/${token}`);
  });

  it.each([
    ['a host that only begins with localhost', 'http://localhost.evil.example'],
    ['a host that ends in localhost without a dot', 'http://evil-localhost'],
    ['a host that only begins like 127/8', 'http://127.0.0.1.evil.example'],
    ['another scheme', 'ftp://localhost'],
  ])('refuse plain links that only look local: %s', (_name, publicUrl) => {
    expect(() => listUnsubscribeHeaders({ ...base, publicUrl })).toThrow(
      'unsubscribe links need an https:// public URL (RFC 8058), got ',
    );
  });

  // Each refusal names what was wrong: a TypeError from a bug would not match.
  it.each([
    ['a token with a header line break', { token: `${token}\r\nBcc: x@example.com` }, 'not a link token'],
    ['a token with a bracket', { token: `${token}>` }, 'not a link token'],
    [
      'a mailto address with a line break',
      { mailto: 'u@example.com\r\nBcc: x@example.com' },
      'invalid unsubscribe mailto address',
    ],
    ['a mailto address with a query', { mailto: 'u@example.com?body=x' }, 'invalid unsubscribe mailto address'],
    ['a List-Id domain with a bracket', { listIdDomain: 'example.com>' }, 'invalid List-Id domain'],
    ['a store id that is not a dot-atom', { storeId: 'a..b' }, 'does not make a valid List-Id'],
  ])('refuse %s rather than write it into a header', (_, override, refusal) => {
    expect(() => listUnsubscribeHeaders({ ...base, ...override })).toThrow(refusal);
  });
});
