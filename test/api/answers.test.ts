import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { answerRecorder } from '../../client/answerRecorder';
import { type AnswerLinkSubject, signAnswerToken } from '../../links/answerToken';
import { openStores, type Stores } from '../../storage';
import { testApp } from './helpers';

/** The answer links of feedback and win-back emails on a real SQLite store; Temporal is "down" (signals stay queued). */
const SECRET = 'link-secret-0123456789abcdefghijklmnop';
const ADMIN = 'admin-token-0123456789abcdefghijklmnopqrstuvwxyz';
const NOW = new Date('2026-03-20T10:00:00Z');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let stores: Stores;
let app: FastifyInstance;
let dataDir: string;
let clock = NOW;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-answers-api-'));
  stores = await openStores({ dataDir });
  clock = NOW;
  const drain = async () => {
    throw new Error('Temporal unreachable');
  };
  ({ app } = await testApp({
    linkSecrets: [SECRET],
    answers: {
      recordAnswer: answerRecorder(stores.db, drain),
      productName: (sku, locale) => (sku === 'SERUM' ? (locale === 'ja' ? '美容液' : 'Vitamin C Serum') : undefined),
      now: () => clock,
    },
    answerStore: stores.answers,
    support: { gateway: {} as never, adminToken: ADMIN },
  }));
});
afterEach(async () => {
  await app.close();
  await stores.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const subject = (overrides: Partial<AnswerLinkSubject> = {}): AnswerLinkSubject => ({
  storeId: 'default',
  customerId: 'c-42',
  orderId: '1001',
  messageKey: '1001/post-purchase/feedback/order',
  question: 'feedback',
  sku: 'SERUM',
  choice: '2',
  locale: 'en',
  ...overrides,
});
const link = (overrides: Partial<AnswerLinkSubject> = {}) => `/a/${signAnswerToken(subject(overrides), [SECRET], NOW)}`;

describe('GET /a/:token', () => {
  it('opens the question with the choice of the email preselected, and records nothing', async () => {
    const res = await app.inject({ method: 'GET', url: link({ choice: '2' }) });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('How would you rate Vitamin C Serum?');
    expect(res.body).toMatch(/<input type="radio" id="choice-2" name="choice" value="2" required checked>/);
    expect(res.body).not.toMatch(/value="3" required checked/);
    expect(res.body).toMatch(/<label for="comment">/);
    expect(res.body).not.toContain('<script');
    expect(await stores.answers.list({ storeId: 'default', includeTests: true })).toEqual([]);
    expect(await stores.outbox.depth()).toBe(0);
  });

  it('speaks Japanese for a Japanese email, and asks the win-back question with its reasons', async () => {
    const res = await app.inject({
      method: 'GET',
      url: link({ locale: 'ja', question: 'win-back', sku: undefined, choice: 'still-have-some' }),
    });
    expect(res.headers['content-language']).toBe('ja');
    expect(res.body).toContain('<html lang="ja"');
    expect(res.body).toContain('まだ残っている');
    expect(res.body).toMatch(/value="still-have-some" required checked/);
  });

  it.each([
    [
      'an expired link',
      () => `/a/${signAnswerToken(subject(), [SECRET], new Date(NOW.getTime() - 91 * 86_400_000))}`,
      410,
      'This link has expired',
    ],
    [
      'a link signed by someone else',
      () => `/a/${signAnswerToken(subject(), ['another-secret-0123456789abcdefghijklmn'], NOW)}`,
      400,
      'This link does not work',
    ],
    [
      'an unsubscribe token posing as an answer link',
      () =>
        `/a/${link()
          .split('/a/')[1]
          .replace(/^[^.]+/, Buffer.from('{"v":1}').toString('base64url'))}`,
      400,
      'This link does not work',
    ],
  ])('answers %s with a page, recording nothing', async (_, url, status, text) => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await app.inject({
        method,
        url: url(),
        headers: FORM,
        payload: method === 'POST' ? 'choice=1' : undefined,
      });
      expect([method, res.statusCode]).toEqual([method, status]);
      expect(res.body).toContain(text);
    }
    expect(await stores.answers.list({ storeId: 'default', includeTests: true })).toEqual([]);
  });
});

describe('POST /a/:token', () => {
  it('stores the answer with its comment, queues its signal (no comment in it), and thanks the customer', async () => {
    const res = await app.inject({
      method: 'POST',
      url: link(),
      headers: FORM,
      payload: 'choice=1&comment=It%20stings%20a%20lot%0D%0Aon%20my%20cheeks',
    });

    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('sorry it has disappointed you');
    const [stored] = await stores.answers.list({ storeId: 'default' });
    expect(stored).toMatchObject({
      customerId: 'c-42',
      orderId: '1001',
      question: 'feedback',
      sku: 'SERUM',
      choice: '1',
      rating: 1,
      comment: 'It stings a lot\non my cheeks',
      test: false,
    });
    const [signal] = await stores.outbox.take(10);
    expect(signal).toMatchObject({
      workflowId: 'customer/default/c-42',
      signal: 'answerReceived',
      args: [{ answerId: stored.id, choice: '1', hasComment: true, sku: 'SERUM' }],
    });
    expect(JSON.stringify(signal)).not.toContain('stings');
  });

  it('replaces an earlier answer to the same question', async () => {
    await app.inject({ method: 'POST', url: link(), headers: FORM, payload: 'choice=2' });
    clock = new Date(NOW.getTime() + 60_000);
    await app.inject({ method: 'POST', url: link(), headers: FORM, payload: 'choice=4&comment=better%20now' });
    const answers = await stores.answers.list({ storeId: 'default' });
    expect(answers).toEqual([
      expect.objectContaining({ choice: '4', comment: 'better now', firstAnsweredAt: NOW, answeredAt: clock }),
    ]);
  });

  it('asks again, changing nothing, when no valid choice was sent', async () => {
    for (const payload of ['comment=hi', 'choice=7', 'choice=still-have-some']) {
      const res = await app.inject({ method: 'POST', url: link(), headers: FORM, payload });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Please choose one of the answers.');
    }
    expect(await stores.answers.list({ storeId: 'default', includeTests: true })).toEqual([]);
  });

  it('stores an answer from a test email as a test, and tells no journey', async () => {
    const res = await app.inject({ method: 'POST', url: link({ test: true }), headers: FORM, payload: 'choice=5' });
    expect(res.body).toContain('This is a test email');
    expect(await stores.answers.list({ storeId: 'default' })).toEqual([]);
    expect(await stores.answers.list({ storeId: 'default', includeTests: true })).toEqual([
      expect.objectContaining({ test: true, choice: '5' }),
    ]);
    expect(await stores.outbox.depth()).toBe(0);
  });
});

describe('GET /v1/answers (admin)', () => {
  beforeEach(async () => {
    await app.inject({
      method: 'POST',
      url: link({ customerId: 'c-1' }),
      headers: FORM,
      payload: 'choice=1&comment=%3DHYPERLINK(%22x%22)%2C%20"quoted"',
    });
    await app.inject({ method: 'POST', url: link({ customerId: 'c-2' }), headers: FORM, payload: 'choice=5' });
  });
  const get = (query: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: `/v1/answers${query}`,
      headers: { authorization: `Bearer ${ADMIN}`, ...headers },
    });

  it('lists answers as JSON, filtered by rating', async () => {
    const all = await get('?storeId=default');
    expect(all.statusCode).toBe(200);
    expect(all.headers['cache-control']).toBe('no-store');
    expect(
      all
        .json()
        .answers.map((a: { customerId: string }) => a.customerId)
        .sort(),
    ).toEqual(['c-1', 'c-2']);
    expect((await get('?ratingBelow=3')).json().answers).toEqual([
      expect.objectContaining({ customerId: 'c-1', rating: 1 }),
    ]);
    expect(
      (await get(`?since=${encodeURIComponent(new Date(NOW.getTime() + 1).toISOString())}`)).json().answers,
    ).toEqual([]);
  });

  it('gives CSV for a spreadsheet, formulas defused and quotes escaped', async () => {
    const res = await get('?ratingBelow=3', { accept: 'text/csv' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, row] = res.body.trim().split('\r\n');
    expect(header).toBe('answeredAt,storeId,customerId,orderId,question,sku,choice,rating,comment,test,messageKey,id');
    expect(row).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
  });

  it('is for the admin token only, and names a bad filter', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/answers' })).statusCode).toBe(401);
    const bad = await get('?ratingBelow=nine');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path)).toEqual(['query.ratingBelow']);
  });
});
