import { trackLinks, withOpenPixel } from '../../links/trackLinks';

const track = (url: string) =>
  url.startsWith('https://api.example/') ? undefined : `https://api.example/c/${encodeURIComponent(url)}`;

describe('tracked links in both parts of a message', () => {
  test('every web link goes through the redirect; the API’s own links and mailto stay', () => {
    const html = [
      '<a href="https://shop.example/p/mask?utm=a&amp;b=c">Mask</a>',
      '<a href="https://shop.example/">Shop</a>',
      '<a href="https://api.example/u/token">Unsubscribe</a>',
      '<a href="mailto:help@shop.example">Help</a>',
    ].join('');
    const text =
      'Mask: https://shop.example/p/mask?utm=a&b=c\nShop: https://shop.example/\nUnsubscribe: https://api.example/u/token';
    const out = trackLinks({ html, text }, track);
    expect(out.html).toContain(
      `href="https://api.example/c/${encodeURIComponent('https://shop.example/p/mask?utm=a&b=c')}"`,
    );
    expect(out.html).toContain(`href="https://api.example/c/${encodeURIComponent('https://shop.example/')}"`);
    expect(out.html).toContain('href="https://api.example/u/token"');
    expect(out.html).toContain('href="mailto:help@shop.example"');
    // The longer URL is replaced whole, and the shorter one that begins it is not replaced inside it.
    expect(out.text).toBe(
      `Mask: https://api.example/c/${encodeURIComponent('https://shop.example/p/mask?utm=a&b=c')}\nShop: https://api.example/c/${encodeURIComponent('https://shop.example/')}\nUnsubscribe: https://api.example/u/token`,
    );
  });

  test('ampersands in a tracked link are escaped again in the HTML', () => {
    const out = trackLinks(
      { html: '<a href="https://shop.example/?a=1&amp;b=2">x</a>', text: '' },
      () => 'https://api.example/c/t?x=1&y=2',
    );
    expect(out.html).toBe('<a href="https://api.example/c/t?x=1&amp;y=2">x</a>');
  });

  test('the open pixel goes at the end of the body', () => {
    expect(withOpenPixel('<html><body><p>Hi</p></body></html>', 'https://api.example/o/t')).toBe(
      '<html><body><p>Hi</p><img src="https://api.example/o/t" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0"></body></html>',
    );
  });

  test('a message with nothing to track comes back as it was, text included', () => {
    const body = {
      html: '<a href="https://api.example/u/token">Unsubscribe</a>',
      text: 'Unsubscribe: https://api.example/u/token (a.b)',
    };
    expect(trackLinks(body, track)).toEqual(body);
  });

  test('asks once per URL, however often it appears, and replaces every appearance', () => {
    const asked: string[] = [];
    const counting = (url: string) => {
      asked.push(url);
      return `https://api.example/c/${asked.length}`;
    };
    const link = '<a href="https://shop.example/p/mask">Mask</a>';
    const out = trackLinks(
      { html: `${link}${link}`, text: 'https://shop.example/p/mask and https://shop.example/p/mask' },
      counting,
    );
    expect(asked).toEqual(['https://shop.example/p/mask']);
    expect(out.html).toBe('<a href="https://api.example/c/1">Mask</a><a href="https://api.example/c/1">Mask</a>');
    expect(out.text).toBe('https://api.example/c/1 and https://api.example/c/1');
  });

  test('characters special to a regular expression in a URL match only themselves in the text', () => {
    const url = 'https://shop.example/p/mask?size=(m)+1.5';
    const out = trackLinks(
      { html: `<a href="${url}">Mask</a>`, text: `${url}\nhttps://shop.example/p/massize=mm1x5` },
      () => 'https://api.example/c/1',
    );
    expect(out.text).toBe('https://api.example/c/1\nhttps://shop.example/p/massize=mm1x5');
  });

  test('the open pixel goes at the end of the last body, or at the end of a fragment without one', () => {
    const img =
      '<img src="https://api.example/o/t?a=1&amp;b=2" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">';
    expect(withOpenPixel('<p>Hi</p>', 'https://api.example/o/t?a=1&b=2')).toBe(`<p>Hi</p>${img}`);
    expect(withOpenPixel('<body>x</body><!-- </body> -->y</body>', 'https://api.example/o/t?a=1&b=2')).toBe(
      `<body>x</body><!-- </body> -->y${img}</body>`,
    );
  });
});
