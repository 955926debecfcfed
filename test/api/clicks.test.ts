import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signClickToken, signOpenToken } from '../../links/clickToken';
import { openStores, type Stores } from '../../storage';
import { testApp, TEST_NOW } from './helpers';

const SECRET = 'a-link-secret-of-at-least-32-characters!';
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const link = (overrides: object = {}) =>
  signClickToken(
    {
      storeId: 'default',
      customerId: 'c-1',
      messageKey: '1001/post-purchase/cross-sell',
      journeyId: 'post-purchase',
      stepId: 'cross-sell',
      url: 'https://shop.example.com/products/mask?ref=email',
      ...overrides,
    },
    [SECRET],
  );

describe('tracked links /c/{token}', () => {
  let stores: Stores;
  let dataDir: string;
  const lines: string[] = [];
  const app = async (facts = stores.facts) =>
    (
      await testApp({
        facts,
        linkSecrets: [SECRET],
        logger: { stream: { write: (line: string) => void lines.push(line) } },
      })
    ).app;
  const clicks = () => stores.db.selectFrom('fact_clicks').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'afterglow-clicks-'));
    stores = await openStores({ dataDir });
  });
  afterAll(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => stores.db.deleteFrom('fact_clicks').execute());

  test("a person's click is recorded, then redirected to where the email pointed", async () => {
    const api = await app();
    const res = await api.inject({ url: `/c/${link()}`, headers: { 'user-agent': BROWSER } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example.com/products/mask?ref=email');
    expect(res.headers['cache-control']).toBe('no-store');
    const [click] = await clicks();
    // The link is recorded without its query; the time is the server's clock.
    expect(click).toMatchObject({
      customer_id: 'c-1',
      step_id: 'cross-sell',
      link: 'https://shop.example.com/products/mask',
      bot_reason: null,
      clicked_ms: TEST_NOW,
    });
    await api.close();
  });

  test('a HEAD request (a scanner checking the link) redirects too, flagged as a machine', async () => {
    const api = await app();
    const res = await api.inject({ method: 'HEAD', url: `/c/${link()}`, headers: { 'user-agent': BROWSER } });
    expect(res.statusCode).toBe(302);
    expect((await clicks()).map((c) => c.bot_reason)).toEqual(['head-request']);
    await api.close();
  });

  test('a token that is not ours, or altered, gets 400 and no redirect: never an open redirect', async () => {
    const api = await app();
    const forged = signClickToken(
      {
        storeId: 'default',
        customerId: 'c-1',
        messageKey: 'k',
        journeyId: 'j',
        stepId: 's',
        url: 'https://evil.example/',
      },
      ['another-secret-of-at-least-32-characters'],
    );
    const [payload, signature] = link().split('.');
    const altered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), url: 'https://evil.example/' })).toString('base64url')}.${signature}`;
    for (const token of [forged, altered, 'not-a-token']) {
      const res = await api.inject({ url: `/c/${token}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
    expect(await clicks()).toEqual([]);
    await api.close();
  });

  test("a test email's link redirects and records nothing", async () => {
    const api = await app();
    expect(
      (await api.inject({ url: `/c/${link({ test: true })}`, headers: { 'user-agent': BROWSER } })).statusCode,
    ).toBe(302);
    expect(await clicks()).toEqual([]);
    await api.close();
  });

  test('the customer still gets where they clicked when the database is down', async () => {
    const down = {
      ...stores.facts,
      recordClick: async () =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    };
    const api = await app(down);
    const res = await api.inject({ url: `/c/${link()}`, headers: { 'user-agent': BROWSER } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example.com/products/mask?ref=email');
    await api.close();
  });

  test('tokens never reach the request log', async () => {
    const token = link();
    const api = await app();
    await api.inject({ url: `/c/${token}`, headers: { 'user-agent': BROWSER } });
    await api.close();
    const log = lines.join('\n');
    expect(log).toContain('"url":"/c/[token]"');
    expect(log).not.toContain(token.split('.')[1]);
  });

  test('the open pixel records the first open of a sent message and always answers with the image', async () => {
    const api = await app();
    await stores.facts.recordOutcome({
      storeId: 'default',
      customerId: 'c-9',
      orderId: '1009',
      messageKey: '1009/post-purchase/how-to',
      journeyId: 'post-purchase',
      journeyVersion: 'v1',
      stepId: 'how-to',
      category: 'service',
      outcome: 'sent',
      at: TEST_NOW - 60_000,
    });
    const pixel = signOpenToken(
      {
        storeId: 'default',
        customerId: 'c-9',
        messageKey: '1009/post-purchase/how-to',
        journeyId: 'post-purchase',
        stepId: 'how-to',
      },
      [SECRET],
    );
    for (const token of [pixel, pixel, 'not-a-token']) {
      const res = await api.inject({ url: `/o/${token}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/gif');
      expect(res.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
    }
    const opened = await stores.db
      .selectFrom('fact_messages')
      .select(['step_id', 'outcome'])
      .where('customer_id', '=', 'c-9')
      .where('outcome', '=', 'opened')
      .execute();
    expect(opened).toEqual([{ step_id: 'how-to', outcome: 'opened' }]);
    await api.close();
  });
});
