import { trackLinks, withOpenPixel } from '../../links/trackLinks';

const track = (url: string) => (url.startsWith('https://api.example/') ? undefined : `https://api.example/c/${encodeURIComponent(url)}`);

describe('tracked links in both parts of a message', () => {
  test('every web link goes through the redirect; the API’s own links and mailto stay', () => {
    const html = [
      '<a href="https://shop.example/p/mask?utm=a&amp;b=c">Mask</a>',
      '<a href="https://shop.example/">Shop</a>',
      '<a href="https://api.example/u/token">Unsubscribe</a>',
      '<a href="mailto:help@shop.example">Help</a>',
    ].join('');
    const text = 'Mask: https://shop.example/p/mask?utm=a&b=c\nShop: https://shop.example/\nUnsubscribe: https://api.example/u/token';
    const out = trackLinks({ html, text }, track);
    expect(out.html).toContain(`href="https://api.example/c/${encodeURIComponent('https://shop.example/p/mask?utm=a&b=c')}"`);
    expect(out.html).toContain(`href="https://api.example/c/${encodeURIComponent('https://shop.example/')}"`);
    expect(out.html).toContain('href="https://api.example/u/token"');
    expect(out.html).toContain('href="mailto:help@shop.example"');
    // The longer URL is replaced whole, and the shorter one that begins it is not replaced inside it.
    expect(out.text).toBe(
      `Mask: https://api.example/c/${encodeURIComponent('https://shop.example/p/mask?utm=a&b=c')}\nShop: https://api.example/c/${encodeURIComponent('https://shop.example/')}\nUnsubscribe: https://api.example/u/token`,
    );
  });

  test('ampersands in a tracked link are escaped again in the HTML', () => {
    const out = trackLinks({ html: '<a href="https://shop.example/?a=1&amp;b=2">x</a>', text: '' }, () => 'https://api.example/c/t?x=1&y=2');
    expect(out.html).toBe('<a href="https://api.example/c/t?x=1&amp;y=2">x</a>');
  });

  test('the open pixel goes at the end of the body', () => {
    expect(withOpenPixel('<html><body><p>Hi</p></body></html>', 'https://api.example/o/t')).toBe(
      '<html><body><p>Hi</p><img src="https://api.example/o/t" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0"></body></html>',
    );
  });
});
