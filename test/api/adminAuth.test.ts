import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminAuth, adminTokenCheck, bearerToken, MIN_ADMIN_TOKEN_LENGTH, pageAdminAuth } from '../../api/adminAuth';

/** Generated per run, like a real one. */
const TOKEN = randomBytes(24).toString('base64url');
const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

/** What the app logged, one parsed JSON line each. */
let logged: { level: number; msg: string; hasAuthorization?: boolean }[] = [];

/** An app whose one route answers 200 behind `hook`; it logs warnings into `logged`. */
async function guarded(hook: ReturnType<typeof adminAuth>): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: 'warn', stream: { write: (line: string) => logged.push(JSON.parse(line)) } },
  });
  app.addHook('onRequest', hook);
  app.get('/admin', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('adminTokenCheck', () => {
  it.each([
    ['no token', ''],
    ['a token one character too short', 'x'.repeat(MIN_ADMIN_TOKEN_LENGTH - 1)],
  ])('refuses to start with %s, naming who needs it and the variable', (_name, token) => {
    expect(() => adminTokenCheck(token, 'the preview page needs')).toThrow(
      `the preview page needs an admin token of ${MIN_ADMIN_TOKEN_LENGTH}+ characters (AFTERGLOW_ADMIN_TOKEN)`,
    );
  });

  it('accepts a token of exactly the minimum length', () => {
    const token = 'x'.repeat(MIN_ADMIN_TOKEN_LENGTH);
    expect(adminTokenCheck(token, 'needs')(token)).toBe(true);
  });

  it.each([
    ['the token', TOKEN, true],
    ['nothing', undefined, false],
    ['an empty string', '', false],
    ['the token with one character more', `${TOKEN}x`, false],
    ['the token less its last character', TOKEN.slice(0, -1), false],
    ['the token in other case', TOKEN.toUpperCase() === TOKEN ? TOKEN.toLowerCase() : TOKEN.toUpperCase(), false],
  ])('matches only the token itself: %s → %s', (_name, presented, expected) => {
    expect(adminTokenCheck(TOKEN, 'needs')(presented)).toBe(expected);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer \t abc \t', 'abc'],
    ['Bearer abc def', undefined],
    ['Bearerabc', undefined],
    ['Bearer ', undefined],
    [' Bearer abc', undefined],
    ['Basic abc', undefined],
    ['xBearer abc', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('adminAuth', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await guarded(adminAuth(TOKEN, 'afterglow-test'));
  });
  afterAll(() => app.close());

  it('lets the admin bearer token through', async () => {
    const res = await app.inject({ url: '/admin', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong bearer token', { authorization: `Bearer ${'x'.repeat(40)}` }],
    ['the token as Basic password (bearer only here)', basic(`admin:${TOKEN}`)],
  ])('answers 401 with a Bearer challenge and a JSON error to %s', async (_name, headers) => {
    const res = await app.inject({ url: '/admin', headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="afterglow-test"');
    expect(res.json()).toEqual({ error: 'unauthorized', message: 'send "Authorization: Bearer <admin token>"' });
  });

  it('refuses to be set up with a short token', () => {
    expect(() => adminAuth('short', 'afterglow-test')).toThrow('the admin endpoints need an admin token');
  });

  it.each([
    ['with a wrong token', { authorization: 'Bearer wrong' }, true],
    ['without one', {}, false],
  ])('logs a refusal %s: whether a header came, never what it held', async (_name, headers, hasAuthorization) => {
    logged = [];
    await app.inject({ url: '/admin', headers });
    expect(
      logged.filter((l) => l.level === 40).map(({ msg, hasAuthorization }) => ({ msg, hasAuthorization })),
    ).toEqual([{ msg: 'admin request rejected', hasAuthorization }]);
    expect(JSON.stringify(logged)).not.toContain('wrong');
  });
});

describe('pageAdminAuth', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await guarded(pageAdminAuth(TOKEN, 'Afterglow test page', 'the test page needs'));
  });
  afterAll(() => app.close());

  it.each([
    ['the bearer token', { authorization: `Bearer ${TOKEN}` }],
    ['Basic with the token as password, any user name', basic(`someone:${TOKEN}`)],
    ['Basic with an empty user name', basic(`:${TOKEN}`)],
    [
      'a lower-case scheme and trailing blanks',
      { authorization: `basic ${Buffer.from(`u:${TOKEN}`).toString('base64')} \t` },
    ],
    ['several blanks after the scheme', { authorization: `Basic \t ${Buffer.from(`u:${TOKEN}`).toString('base64')}` }],
  ])('lets through %s', async (_name, headers) => {
    const res = await app.inject({ url: '/admin', headers });
    expect(res.statusCode).toBe(200);
  });

  it.each([
    ['no Authorization header', {}],
    ['the token as the Basic user name', basic(`${TOKEN}:`)],
    ['Basic credentials without a colon', basic(TOKEN)],
    ['a wrong Basic password', basic(`admin:${'x'.repeat(40)}`)],
    ['Basic text that is not base64', { authorization: `Basic ${TOKEN}!` }],
    [
      'a Basic header with something before it',
      { authorization: `x Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` },
    ],
    [
      'a Basic header with something after it',
      { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')} x` },
    ],
  ])('answers 401 with a Basic challenge in UTF-8 to %s', async (_name, headers) => {
    const res = await app.inject({ url: '/admin', headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="Afterglow test page", charset="UTF-8"');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe(
      'Sign in with the admin token (AFTERGLOW_ADMIN_TOKEN) as the password; the user name does not matter.\n',
    );
  });

  it.each([
    ['with a wrong password', basic(`admin:${'x'.repeat(40)}`), true],
    ['without one', {}, false],
  ])('logs a refusal %s: whether a header came, never what it held', async (_name, headers, hasAuthorization) => {
    logged = [];
    await app.inject({ url: '/admin', headers });
    expect(
      logged.filter((l) => l.level === 40).map(({ msg, hasAuthorization }) => ({ msg, hasAuthorization })),
    ).toEqual([{ msg: 'page request rejected', hasAuthorization }]);
    expect(JSON.stringify(logged)).not.toContain('xxxx');
  });

  it('names who needs the token when it is too short', () => {
    expect(() => pageAdminAuth('short', 'realm', 'the test page needs')).toThrow('the test page needs an admin token');
  });
});
