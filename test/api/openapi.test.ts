import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { answerRecorder } from '../../client/answerRecorder';
import { consentRecorder } from '../../client/consentRecorder';
import { mailEventRecorder } from '../../client/mailEventRecorder';
import { preferenceService } from '../../client/preferenceService';
import type { SupportGateway } from '../../client/supportGateway';
import { EncryptionCodec } from '../../codec/encryptionCodec';
import { apiMetrics } from '../../metrics/apiMetrics';
import { privacyRequestService } from '../../privacy/privacyRequestService';
import { privacyRequestStore } from '../../privacy/requestStore';
import { personalDataVault } from '../../privacy/vault';
import { openStores, type Stores } from '../../storage';
import { ringOf } from '../codec/support';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';
import { TEST_NOW, testApp } from './helpers';

const ADMIN = 'openapi-test-admin-token-0123456789abcdef';
/** The routes anyone may call: probes, this documentation, and the links of emails (their signed token is the key). */
const PUBLIC = [
  /^(GET|HEAD) \/(healthz|readyz|openapi\.json)$/,
  /^(GET|HEAD|POST) \/(u|a|c|o)\/\{token\}(\/pause)?$/,
  // Browsers send CORS preflights without credentials.
  /^OPTIONS \/codec\/(encode|decode)$/,
];
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;

let stores: Stores;
let dataDir: string;
let app: FastifyInstance;
let document: OpenAPIV3_1.Document;

/** Fails the test if called: the document tests never get past a route's authentication. */
const notCalled = () => Promise.reject(new Error('the OpenAPI tests call no handler'));

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'afterglow-openapi-'));
  stores = await openStores({ dataDir });
  const drain = async () => {};
  const recordConsent = consentRecorder(stores.db, drain);
  ({ app } = await testApp({
    // Every optional part of the API, so that every route is registered.
    facts: stores.facts,
    webhookDeliveries: stores.webhookDeliveries,
    linkSecrets: [TEST_LINK_SECRET],
    preferences: preferenceService(recordConsent, { facts: stores.facts }),
    recordConsent,
    answers: { recordAnswer: answerRecorder(stores.db, drain) },
    answerStore: stores.answers,
    recordMailReport: mailEventRecorder(stores.db, { facts: stores.facts, drain, storeIds: () => ['default'] }),
    codec: { codec: new EncryptionCodec(ringOf('k1')), adminToken: ADMIN, uiOrigins: ['http://localhost:8233'] },
    support: {
      adminToken: ADMIN,
      gateway: {
        status: notCalled,
        pause: notCalled,
        resume: notCalled,
        skipNext: notCalled,
        resend: notCalled,
        changeEmail: notCalled,
        end: notCalled,
      } satisfies SupportGateway,
      find: notCalled,
    },
    preview: { adminToken: ADMIN, contentDir: FIXTURE_CONTENT_DIR, publicUrl: 'https://afterglow.example.com' },
    reports: { db: stores.db, adminToken: ADMIN, now: () => TEST_NOW },
    metrics: {
      recorder: apiMetrics({ outboxDepth: notCalled, emailCounts: notCalled, contentRefused: () => false }),
      adminToken: ADMIN,
    },
    privacy: {
      privacy: privacyRequestService(privacyRequestStore(stores.db), {
        vault: personalDataVault(stores.db, ringOf('v1')),
      }),
      adminToken: ADMIN,
    },
  }));
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  document = res.json();
});

afterAll(async () => {
  await app.close();
  await stores.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every "METHOD /path" of the document, paths as OpenAPI writes them ("/a/{token}"). */
function documentedOperations(): Map<string, OpenAPIV3_1.OperationObject> {
  const operations = new Map<string, OpenAPIV3_1.OperationObject>();
  for (const [url, item] of Object.entries(document.paths ?? {}))
    for (const method of METHODS) {
      const operation = item?.[method];
      if (operation) operations.set(`${method.toUpperCase()} ${url}`, operation);
    }
  return operations;
}

/**
 * Every "METHOD /path" fastify registered, read from its route tree (`printRoutes`: one line per path segment,
 * indented under its parent, methods in parentheses), parameters written as OpenAPI writes them.
 */
function registeredRoutes(): string[] {
  const parents: string[] = [];
  return app
    .printRoutes({ commonPrefix: false })
    .split('\n')
    .flatMap((line) => {
      const match = /^([│ ]*)[├└]── (.+) \(([A-Z, ]+)\)$/.exec(line);
      if (!match) return [];
      const [, indent, segment, methods] = match;
      const depth = indent.length / 4;
      parents.length = depth;
      const url = `${parents.join('')}${segment}`;
      parents.push(url.slice(parents.join('').length));
      return methods.split(', ').map((method) => `${method} ${url.replace(/:(\w+)/g, '{$1}')}`);
    });
}

it('serves a valid OpenAPI 3.1 document', async () => {
  expect(document.openapi).toBe('3.1.0');
  const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
  expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
});

it('documents every route the server has, and no other (the reference under /docs aside)', () => {
  const documented = [...documentedOperations().keys()];
  // Fastify answers HEAD wherever it answers GET; the document lists the GET.
  const withHeads = documented.flatMap((op) => (op.startsWith('GET ') ? [op, op.replace('GET', 'HEAD')] : [op]));
  const registered = registeredRoutes().filter((op) => !/^[A-Z]+ \/docs\b/.test(op));
  expect(registered).toContain('POST /v1/orders');
  expect(registered).toContain('GET /c/{token}');
  expect(new Set(withHeads)).toEqual(new Set(registered));
});

it('declares a security requirement for every route that is not public, each naming a declared scheme', () => {
  const schemes = Object.keys(document.components?.securitySchemes ?? {});
  const unguarded = [...documentedOperations()]
    .filter(([op, operation]) => !PUBLIC.some((pattern) => pattern.test(op)) && !operation.security?.length)
    // Mailgun and SNS sign inside the body, which no security scheme can say: the document says it in x-signed-body.
    .filter(([, operation]) => !('x-signed-body' in operation))
    .map(([op]) => op);
  expect(unguarded).toEqual([]);
  const named = [...documentedOperations().values()].flatMap((operation) =>
    (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)),
  );
  expect(named).toContain('storeKey');
  expect(schemes).toEqual(expect.arrayContaining([...new Set(named)]));
});

it('answers 401 without credentials on every route documented as needing a store key or the admin token', async () => {
  const guarded = [...documentedOperations()].filter(([, operation]) =>
    operation.security?.some((requirement) => 'storeKey' in requirement || 'adminToken' in requirement),
  );
  expect(guarded.length).toBeGreaterThan(20);
  for (const [op] of guarded) {
    const [method, url] = op.split(' ');
    const res = await app.inject({
      method: method as 'GET' | 'POST',
      url: url.replace(/\{\w+\}/g, 'x'),
      ...(method === 'POST' && { payload: {} }),
    });
    expect(`${op} ${res.statusCode}`).toBe(`${op} 401`);
  }
});

it('describes the form of the answer page and the raw, signed body of a webhook', () => {
  const operations = documentedOperations();
  expect(operations.get('POST /a/{token}')?.requestBody).toMatchObject({
    content: { 'application/x-www-form-urlencoded': { schema: { properties: { choice: { type: 'string' } } } } },
  });
  expect(operations.get('POST /v1/webhooks/shopify')).toMatchObject({
    security: [{ shopifyHmac: [] }],
    requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
  });
  expect(operations.get('GET /a/{token}')?.responses?.['200']).toMatchObject({ content: { 'text/html': {} } });
});

it('serves the reference at /docs as HTML whose scripts and styles come from the server itself', async () => {
  const page = await app.inject({ method: 'GET', url: '/docs' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url);
  expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/)]));
  for (const asset of assets) {
    expect(asset).not.toMatch(/^(https?:)?\/\//);
    const res = await app.inject({ method: 'GET', url: new URL(asset, 'http://afterglow.test/docs/').pathname });
    expect(`${asset} ${res.statusCode}`).toBe(`${asset} 200`);
  }
  const document = await app.inject({ method: 'GET', url: '/docs/json' });
  expect(document.json()).toMatchObject({ openapi: '3.1.0' });
});
