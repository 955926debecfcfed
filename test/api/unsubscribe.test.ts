import type { FastifyInstance } from 'fastify';
import { escapeHtml, pickLanguage, renderPage } from '../../api/pages/preferencePages';
import type { PreferenceService } from '../../links/preferences';
import { signToken } from '../../links/signedToken';
import { STORE_HEADERS, testApp } from './helpers';

const SECRET = 'link-secret-0123456789abcdefghijklmnop';
const OLD_SECRET = 'old-link-secret-0123456789abcdefghijkl';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type Call = { method: 'unsubscribe' | 'pause'; input: unknown };

/** Records what the routes asked for; the real service (suppression store + workflow) is tested end to end. */
class RecordingPreferences implements PreferenceService {
  readonly calls: Call[] = [];
  failing = false;

  async unsubscribe(input: Parameters<PreferenceService['unsubscribe']>[0]): Promise<void> {
    this.record({ method: 'unsubscribe', input });
  }

  async pause(input: Parameters<PreferenceService['pause']>[0]): Promise<void> {
    this.record({ method: 'pause', input });
  }

  private record(call: Call): void {
    if (this.failing) throw new Error('suppression store unavailable');
    this.calls.push(call);
  }
}

const token = signToken({ storeId: 'default', customerId: 'c-42' }, SECRET);
const forgedTokens = [
  [
    'signed with another secret',
    signToken({ storeId: 'default', customerId: 'c-42' }, 'another-secret-0123456789abcdefghijkl'),
  ],
  [
    'with an altered payload',
    `${Buffer.from('{"v":1,"storeId":"default","customerId":"c-43","list":"marketing","iat":1}').toString('base64url')}.${token.split('.')[1]}`,
  ],
  ['malformed', 'not-a-token'],
];

let app: FastifyInstance;
let preferences: RecordingPreferences;

beforeEach(async () => {
  preferences = new RecordingPreferences();
  ({ app } = await testApp({ preferences, linkSecrets: [SECRET, OLD_SECRET] }));
});
afterEach(() => app.close());

function expectPageHeaders(headers: Record<string, unknown>): void {
  expect(headers['content-type']).toBe('text/html; charset=utf-8');
  expect(headers['content-security-policy']).toContain(
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  );
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers.location).toBeUndefined();
  expect(headers['set-cookie']).toBeUndefined();
}

describe('POST /u/:token (RFC 8058 one-click)', () => {
  it('unsubscribes at once and answers 200 with a short page: no redirect, no cookie', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: FORM,
      payload: 'List-Unsubscribe=One-Click',
    });

    expect(res.statusCode).toBe(200);
    expectPageHeaders(res.headers);
    expect(res.body).toContain('You are unsubscribed');
    expect(preferences.calls).toEqual([
      {
        method: 'unsubscribe',
        input: { storeId: 'default', customerId: 'c-42', list: 'marketing', source: 'one-click' },
      },
    ]);
  });

  it.each([
    ['an empty body', {}, undefined],
    ['an empty form', FORM, ''],
    [
      'multipart/form-data, as RFC 8058 recommends',
      { 'content-type': 'multipart/form-data; boundary=b' },
      '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n',
    ],
  ])('accepts %s', async (_, headers, payload) => {
    const res = await app.inject({ method: 'POST', url: `/u/${token}`, headers, payload });

    expect(res.statusCode).toBe(200);
    expect(preferences.calls).toEqual([
      { method: 'unsubscribe', input: expect.objectContaining({ source: 'one-click' }) },
    ]);
  });

  it('records the preference page as the source when its button was pressed', async () => {
    await app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: FORM,
      payload: 'List-Unsubscribe=One-Click&source=preference-page',
    });
    expect(preferences.calls).toEqual([
      { method: 'unsubscribe', input: expect.objectContaining({ source: 'preference-page' }) },
    ]);
  });

  it('accepts links signed with a rotated-out secret that is still configured', async () => {
    const old = signToken({ storeId: 'default', customerId: 'c-7' }, OLD_SECRET);
    const res = await app.inject({
      method: 'POST',
      url: `/u/${old}`,
      headers: FORM,
      payload: 'List-Unsubscribe=One-Click',
    });

    expect(res.statusCode).toBe(200);
    expect(preferences.calls).toEqual([
      { method: 'unsubscribe', input: expect.objectContaining({ customerId: 'c-7' }) },
    ]);
  });

  it('serves long tokens (past fastify’s default 100-character parameter limit)', async () => {
    const long = signToken({ storeId: 's'.repeat(100), customerId: 'c'.repeat(200) }, SECRET);
    const res = await app.inject({
      method: 'POST',
      url: `/u/${long}`,
      headers: FORM,
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers 500 with a page when the service fails, so a mail client can tell it did not work', async () => {
    preferences.failing = true;
    const res = await app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: FORM,
      payload: 'List-Unsubscribe=One-Click',
    });

    expect(res.statusCode).toBe(500);
    expectPageHeaders(res.headers);
    expect(res.body).toContain('We could not save your choice');
  });

  it.each([
    ['a text body', { 'content-type': 'text/plain' }, 'unsubscribe'],
    ['a JSON body', { 'content-type': 'application/json' }, '{"List-Unsubscribe":"One-Click"}'],
    ['malformed JSON', { 'content-type': 'application/json' }, '{"List-Unsub'],
    ['no content type', {}, 'List-Unsubscribe=One-Click'],
    ['an empty body', {}, ''],
  ] as [string, Record<string, string>, string][])(
    'records the unsubscribe for a POST with %s: the token and the POST are the request',
    async (_, headers, payload) => {
      const res = await app.inject({ method: 'POST', url: `/u/${token}`, headers, payload });

      expect(res.statusCode).toBe(200);
      expectPageHeaders(res.headers);
      expect(preferences.calls).toEqual([
        { method: 'unsubscribe', input: expect.objectContaining({ customerId: 'c-42', source: 'one-click' }) },
      ]);
    },
  );

  it.each(['GET', 'POST'] as const)(
    'answers an overlong token (%s) with the link error page, not a framework error',
    async (method) => {
      const res = await app.inject({
        method,
        url: `/u/${'a'.repeat(2_100)}`,
        headers: FORM,
        payload: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
      });

      expect(res.statusCode).toBe(400);
      expectPageHeaders(res.headers);
      expect(res.body).not.toContain('FST_');
      expect(preferences.calls).toEqual([]);
    },
  );
});

describe('GET /u/:token (the preference page)', () => {
  it('changes nothing and offers both choices, saying order emails continue', async () => {
    const res = await app.inject({ method: 'GET', url: `/u/${token}` });

    expect(res.statusCode).toBe(200);
    expectPageHeaders(res.headers);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toContain(
      `<form method="post" action="${token}/pause"><button type="submit" class="primary">Pause marketing emails for 30 days</button>`,
    );
    expect(res.body).toContain(
      `<form method="post" action="${token}"><input type="hidden" name="List-Unsubscribe" value="One-Click">`,
    );
    expect(res.body).toContain('Unsubscribe from all marketing emails</button>');
    expect(res.body).toContain('Emails about your orders');
    expect(res.body).not.toMatch(/<script|<link|<img|src=/i);
    expect(preferences.calls).toEqual([]);
  });

  it('is in Japanese when the browser prefers it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/u/${token}`,
      headers: { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' },
    });

    expect(res.headers['content-language']).toBe('ja');
    expect(res.body).toContain('<html lang="ja">');
    expect(res.body).toContain('マーケティングメールを30日間停止する');
    expect(res.body).toContain('マーケティングメールの配信をすべて停止する');
    expect(res.body).toContain('ご注文に関するメール');
    expect(preferences.calls).toEqual([]);
  });
});

describe('POST /u/:token/pause', () => {
  it('pauses marketing emails for 30 days and confirms', async () => {
    const res = await app.inject({ method: 'POST', url: `/u/${token}/pause`, headers: FORM, payload: '' });

    expect(res.statusCode).toBe(200);
    expectPageHeaders(res.headers);
    expect(res.body).toContain('Marketing emails paused for 30 days');
    expect(preferences.calls).toEqual([
      {
        method: 'pause',
        input: { storeId: 'default', customerId: 'c-42', list: 'marketing', days: 30, source: 'preference-page' },
      },
    ]);
  });
});

describe.each(forgedTokens)('a token %s', (_, forged) => {
  it.each([
    ['GET', ''],
    ['POST', ''],
    ['POST', '/pause'],
  ])('gets a 400 page from %s /u/:token%s and nothing is recorded', async (method, suffix) => {
    const res = await app.inject({
      method: method as 'GET' | 'POST',
      url: `/u/${forged}${suffix}`,
      headers: FORM,
      payload: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
    });

    expect(res.statusCode).toBe(400);
    expectPageHeaders(res.headers);
    expect(res.body).toContain('This link does not work');
    expect(preferences.calls).toEqual([]);
  });
});

describe('the rest of the API', () => {
  it('keeps refusing form bodies with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { ...FORM, authorization: STORE_HEADERS.authorization },
      payload: 'orderId=1001',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('does not serve /u/ without a preference service, and refuses to start one without link secrets', async () => {
    const { app: plain } = await testApp();
    expect((await plain.inject({ method: 'GET', url: `/u/${token}` })).statusCode).toBe(404);
    await plain.close();

    await expect(testApp({ preferences: new RecordingPreferences() })).rejects.toThrow('no link secret configured');
  });
});

describe('the pages', () => {
  it('escape everything they interpolate', () => {
    const html = renderPage({ kind: 'preferences', token: `"><script>alert('x')</script>`, pauseDays: 30 }, 'en');
    expect(html).not.toMatch(/<script|alert\('/);
    expect(html).toContain('action="%22%3E%3Cscript%3Ealert(&#39;x&#39;)%3C%2Fscript%3E"');
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });

  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['fr-FR,ja;q=0.8,en;q=0.5', 'ja'],
    ['en;q=0.4,ja;q=0.6', 'ja'],
    ['ja;q=0,en', 'en'],
    ['de,fr', 'en'],
  ])('pick the language from Accept-Language %p', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });
});

it('never writes an unsubscribe token to the request log', async () => {
  const lines: string[] = [];
  const logged = await testApp({
    preferences: new RecordingPreferences(),
    linkSecrets: [SECRET],
    logger: { stream: { write: (line: string) => lines.push(line) } },
  });
  await logged.app.inject({ method: 'GET', url: `/u/${token}` });
  await logged.app.inject({
    method: 'POST',
    url: `/u/${token}`,
    payload: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await logged.app.close();
  const log = lines.join('\n');
  expect(log).toContain('"url":"/u/[token]"');
  expect(log).not.toContain(token.split('.')[1]);
});
