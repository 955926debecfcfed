import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { codecRoutes } from '../../api/routes/codec';
import { MAX_CODEC_PAYLOADS } from '../../codec/payloadsJson';
import { buildServer } from '../../api/server';
import { loadConfig } from '../../temporal.config';
import { EncryptionCodec } from '../../codec/encryptionCodec';
import { testApp } from '../api/helpers';
import { ringOf, SECRET_EMAIL } from './support';

const TOKEN = 'codec-admin-token-0123456789abcdef0123';
const UI = 'http://localhost:8233';
const codec = new EncryptionCodec(ringOf('k1'));
const auth = { authorization: `Bearer ${TOKEN}` };

/** Protobuf JSON of a payload, as the Web UI and the CLI send it. */
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const order = { orderId: '1001', customer: { email: SECRET_EMAIL, firstName: 'Ada' } };
const plainJson = [
  toJson(defaultPayloadConverter.toPayload(order)),
  toJson(defaultPayloadConverter.toPayload(new Uint8Array([0, 255]))),
];

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await testApp());
  await app.register(codecRoutes, { codec, adminToken: TOKEN, uiOrigins: [UI] });
});
afterAll(() => app.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: payload as object,
  });

describe('codec endpoint', () => {
  it('decodes what it encoded, byte for byte', async () => {
    const encoded = await post('/codec/encode', { payloads: plainJson });
    expect(encoded.statusCode).toBe(200);
    const { payloads: encrypted } = encoded.json<{ payloads: ReturnType<typeof toJson>[] }>();
    expect(encrypted).toHaveLength(2);
    expect(Buffer.from(encrypted[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    for (const p of encrypted) expect(Buffer.from(p.data, 'base64').includes(SECRET_EMAIL)).toBe(false);
    // The query string is what the Web UI appends; the namespace header is ignored (one key ring per deployment).
    const decoded = await post(
      '/codec/decode?preserveStorageRefs=true',
      { payloads: encrypted },
      { ...auth, 'x-namespace': 'default' },
    );
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json()).toEqual({ payloads: plainJson });
  });

  it('decodes what the workers encrypted, and passes unencrypted payloads through', async () => {
    const [fromWorker] = await codec.encode([defaultPayloadConverter.toPayload(order)]);
    const searchAttribute = {
      metadata: {
        encoding: Buffer.from('json/plain').toString('base64'),
        type: Buffer.from('Keyword').toString('base64'),
      },
      data: Buffer.from('"c-42"').toString('base64'),
    };
    const response = await post('/codec/decode', {
      payloads: [toJson(fromWorker), searchAttribute, { metadata: {}, data: '' }],
    });
    expect(response.statusCode).toBe(200);
    const { payloads } = response.json<{ payloads: ReturnType<typeof toJson>[] }>();
    expect(JSON.parse(Buffer.from(payloads[0].data, 'base64').toString())).toEqual(order);
    expect(payloads[1]).toEqual(searchAttribute);
    expect(payloads[2]).toEqual({ metadata: {}, data: '' }); // both keys, always: the UI needs them to see a payload
  });

  it('answers 401 without the admin token, before reading the body', async () => {
    const wrong: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: TOKEN },
    ];
    for (const headers of wrong) {
      for (const url of ['/codec/decode', '/codec/encode']) {
        const response = await post(url, { payloads: plainJson }, headers);
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(response.json()).toMatchObject({ error: 'unauthorized' });
      }
    }
    const garbage = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(garbage.statusCode).toBe(401);
  });

  it('answers 400 on malformed bodies and undecryptable payloads', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /malformed_json/],
      [[], /"\(body\)"/],
      [{ payloads: 'x' }, /"payloads"/],
      [{ payloads: [null] }, /"payloads\.0"/],
      [
        { payloads: [{ metadata: { encoding: 'not base64!' }, data: '' }] },
        /"payloads\.0\.metadata\.encoding","message":"expected base64"/,
      ],
      [{ payloads: [{ metadata: { encoding: null } }] }, /"payloads\.0\.metadata\.encoding"/],
      [{ payloads: [{ metadata: {}, data: 42 }] }, /"payloads\.0\.data"/],
      [
        { payloads: [{ data: 'eA==' }, { data: 'eA==', dta: 'eA==' }] },
        /"payloads\.1","message":"Payload: unknown field: \\"dta\\""/,
      ],
      [
        { payloads: [{ externalPayloads: [{ sizeBytes: 'many' }] }] },
        /"payloads\.0","message":"Payload\.ExternalPayloadDetails\.sizeBytes: invalid integer/,
      ],
      [{ payloads: [], payload: [] }, /"\(body\)","message":"Unrecognized key: \\"payload\\""/],
      [{ payloads: Array.from({ length: MAX_CODEC_PAYLOADS + 1 }, () => ({ data: '' })) }, /"payloads"/],
    ];
    for (const [body, expected] of cases) {
      const response = await post('/codec/decode', body);
      expect(response.statusCode).toBe(400);
      expect(response.body).toMatch(expected);
    }
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(order)]);
    const tampered = toJson(encrypted);
    tampered.data = Buffer.from(Buffer.from(tampered.data, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b))).toString(
      'base64',
    );
    const response = await post('/codec/decode', { payloads: [tampered] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'bad_request',
      message: expect.stringMatching(/failed authentication/),
    });
    const foreign = await new EncryptionCodec(ringOf('other')).encode([defaultPayloadConverter.toPayload(1)]);
    expect((await post('/codec/decode', { payloads: [toJson(foreign[0])] })).json()).toMatchObject({
      message: expect.stringContaining('"other"'),
    });
  });

  it("reads Temporal's JSON encoding as the CLI and the SDKs write it (proto3 JSON: empty fields left out)", async () => {
    // No payloads at all: the CLI's `workflow metadata` query has no arguments and sends `{}` to /encode.
    for (const empty of [{}, { payloads: null }, { payloads: [] }])
      for (const url of ['/codec/encode', '/codec/decode']) {
        const response = await post(url, empty);
        expect({ url, status: response.statusCode, body: response.json() }).toEqual({
          url,
          status: 200,
          body: { payloads: [] },
        });
      }
    // Empty data or metadata left out, null for absent, URL-safe base64 without padding, proto field names.
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(order)]);
    const urlSafe = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const proto3 = {
      metadata: Object.fromEntries(Object.entries(encrypted.metadata!).map(([k, v]) => [k, urlSafe(v)])),
      data: urlSafe(encrypted.data!),
      external_payloads: [{ size_bytes: 12 }],
    };
    const decoded = await post('/codec/decode', {
      payloads: [proto3, { data: null }, { metadata: { encoding: Buffer.from('binary/null').toString('base64') } }],
    });
    expect(decoded.statusCode).toBe(200);
    const [plain, empty, nullPayload] = decoded.json<{
      payloads: (ReturnType<typeof toJson> & { externalPayloads?: unknown })[];
    }>().payloads;
    expect(JSON.parse(Buffer.from(plain.data, 'base64').toString())).toEqual(order);
    expect(empty).toEqual({ metadata: {}, data: '' });
    expect(nullPayload).toEqual({ metadata: { encoding: Buffer.from('binary/null').toString('base64') }, data: '' });
    // Fields beyond metadata and data survive encode and decode, written as ProtoJSON writes them (int64 as a string).
    const encoded = await post('/codec/encode', {
      payloads: [{ data: 'eA==', external_payloads: [{ size_bytes: 12 }] }],
    });
    const roundTrip = await post('/codec/decode', encoded.json());
    expect(roundTrip.json()).toEqual({
      payloads: [{ metadata: {}, data: 'eA==', externalPayloads: [{ sizeBytes: '12' }] }],
    });
  });

  it('takes payloads larger than the usual API body limit (a big journey state)', async () => {
    const big = defaultPayloadConverter.toPayload({ log: 'x'.repeat(600 * 1024), email: SECRET_EMAIL });
    const [encrypted] = await codec.encode([big]);
    const response = await post('/codec/decode', { payloads: [toJson(encrypted)] });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ payloads: ReturnType<typeof toJson>[] }>().payloads).toEqual([toJson(big)]);
  });

  it('answers the Web UI preflight for its origin only', async () => {
    const preflight = (origin: string, url = '/codec/decode') =>
      app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
    for (const url of ['/codec/decode', '/codec/encode']) {
      const ok = await preflight(UI, url);
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe(UI);
      expect(ok.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(String(ok.headers['access-control-allow-headers']).split(', ')).toEqual(
        expect.arrayContaining(['content-type', 'authorization', 'x-namespace', 'authorization-extras']),
      );
      expect(ok.headers.vary).toMatch(/Origin/);
    }
    const other = await preflight('https://evil.example');
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the browser see rejections from the UI origin (CORS headers on 401 and 400)', async () => {
    const unauthorized = await post('/codec/decode', { payloads: [] }, { origin: UI });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBe(UI);
    const malformed = await post('/codec/decode', { payloads: 'x' }, { ...auth, origin: UI });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['access-control-allow-origin']).toBe(UI);
    const decoded = await post('/codec/decode', { payloads: [] }, { ...auth, origin: UI });
    expect(decoded.statusCode).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBe(UI);
    expect(decoded.json()).toEqual({ payloads: [] });
    const foreign = await post('/codec/decode', { payloads: [] }, { ...auth, origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
  });

  it('refuses to start with a short admin token, and leaves other routes alone', async () => {
    const server = await buildServer({
      gateway: { placeOrder: jest.fn(), reportEvent: jest.fn() },
      config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'error' },
      logger: false,
    });
    await expect(server.register(codecRoutes, { codec, adminToken: 'short', uiOrigins: [UI] }).ready()).rejects.toThrow(
      '32+ characters',
    );
    await server.close().catch(() => undefined);
    const health = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(health.statusCode).toBe(200);
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('codec endpoint for the local dev UI (trustUiOrigins, npm start only)', () => {
  it('lets the UI origin decode without a token, and still asks everyone else for it', async () => {
    const { app: dev } = await testApp();
    await dev.register(codecRoutes, { codec, adminToken: TOKEN, uiOrigins: [UI], trustUiOrigins: true });
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(order)]);
    const ask = (headers: Record<string, string>) =>
      dev.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { 'content-type': 'application/json', ...headers },
        payload: { payloads: [toJson(encrypted)] },
      });
    const fromUi = await ask({ origin: UI });
    expect(fromUi.statusCode).toBe(200);
    expect(fromUi.headers['access-control-allow-origin']).toBe(UI);
    expect((await ask({})).statusCode).toBe(401); // curl, a script: no Origin, no token
    expect((await ask({ origin: 'http://evil.example' })).statusCode).toBe(403);
    await dev.close();
  });

  it('trusts the Origin header only from a caller on loopback that no proxy relayed', async () => {
    const { app: dev } = await testApp();
    await dev.register(codecRoutes, { codec, adminToken: TOKEN, uiOrigins: [UI], trustUiOrigins: true });
    const ask = (remoteAddress: string, headers: Record<string, string> = {}) =>
      dev.inject({
        method: 'POST',
        url: '/codec/decode',
        remoteAddress,
        headers: { 'content-type': 'application/json', origin: UI, ...headers },
        payload: { payloads: [] },
      });
    for (const local of ['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'])
      expect({ local, status: (await ask(local)).statusCode }).toEqual({ local, status: 200 });
    for (const remote of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', '128.0.0.1'])
      expect({ remote, status: (await ask(remote)).statusCode }).toEqual({ remote, status: 401 });
    // A reverse proxy on this machine connects from loopback on someone else's behalf.
    for (const relayed of [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
    ] as Record<string, string>[])
      expect((await ask('127.0.0.1', relayed)).statusCode).toBe(401);
    // The token still works from anywhere.
    expect((await ask('10.0.0.5', { ...auth, 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(200);
    await dev.close();
  });

  it('is refused by the configuration off loopback', () => {
    expect(() => loadConfig({ AFTERGLOW_CODEC_TRUST_UI: 'true', API_HOST: '0.0.0.0' })).toThrow(
      'AFTERGLOW_CODEC_TRUST_UI: only for an API bound to loopback',
    );
  });
});
