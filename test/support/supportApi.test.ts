import type { FastifyInstance } from 'fastify';
import {
  CustomerNotFoundError,
  SUPPORT_ACTION_NAMES,
  type SupportActionName,
  SupportActionFailed,
  SupportActionRejected,
  type SupportGateway,
} from '../../client/supportGateway';
import { type FindQuery, FindUnavailableError, type FoundCustomer } from '../../client/customerFinder';
import type { CustomerState } from '../../rules/journeyState';
import { emptyState } from '../helpers/fixtures';
import { shopifyRequest, STORE_HEADERS, testApp, validOrder } from '../api/helpers';

const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmnop';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

type Call = { action: SupportActionName | 'status'; storeId: string; customerId: string; input?: unknown };

/** Knows one customer, c-42 in store default; `reject` and `fail` make its next action fail the way Temporal's would. */
class FakeSupportGateway {
  readonly calls: Call[] = [];
  reject?: string;
  fail?: string;

  private async call(action: Call['action'], storeId: string, customerId: string, input?: unknown) {
    this.calls.push({ action, storeId, customerId, input });
    if (storeId !== 'default' || customerId !== 'c-42')
      throw new CustomerNotFoundError(`no journey for customer "${customerId}" in store "${storeId}"`);
    if (this.reject) throw new SupportActionRejected(this.reject);
    if (this.fail) throw new SupportActionFailed(this.fail);
  }

  readonly gateway = {
    status: async (storeId: string, customerId: string): Promise<CustomerState> => {
      await this.call('status', storeId, customerId);
      return emptyState();
    },
    ...Object.fromEntries(
      SUPPORT_ACTION_NAMES.map((name) => [
        name,
        async (storeId: string, customerId: string, input: unknown) => {
          await this.call(name, storeId, customerId, input);
          return { done: `${name} done` };
        },
      ]),
    ),
  } as SupportGateway;
}

let app: FastifyInstance;
let fake: FakeSupportGateway;
let logs: string;
let searches: FindQuery[];

beforeEach(async () => {
  fake = new FakeSupportGateway();
  logs = '';
  searches = [];
  const find = async (query: FindQuery): Promise<FoundCustomer[]> => {
    searches.push(query);
    if ('messageId' in query) throw new FindUnavailableError('no database to look Message-IDs up in');
    return [
      {
        storeId: 'default',
        customerId: 'c-42',
        workflowId: 'customer/default/c-42',
        running: true,
        orderIds: ['1001'],
      },
    ];
  };
  ({ app } = await testApp({
    support: { gateway: fake.gateway, adminToken: ADMIN_TOKEN, find },
    logger: { stream: { write: (line: string) => void (logs += line) } },
  }));
});
afterEach(() => app.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers });
const accountable = { by: 'sam', reason: 'customer asked by phone' };

describe('admin authentication', () => {
  const attempts: [string, Record<string, string>][] = [
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token-but-just-as-long-xx' }],
    ['the token without "Bearer"', { authorization: ADMIN_TOKEN }],
    [
      'the token as Basic credentials',
      { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
    ],
  ];
  it.each(attempts)('refuses %s with 401 and calls nothing', async (_what, headers) => {
    const read = await app.inject({ method: 'GET', url: '/v1/customers/c-42', headers });
    const act = await post('/v1/customers/c-42/pause', accountable, headers);
    for (const res of [read, act]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="afterglow-admin"');
      expect(res.json()).toEqual({ error: 'unauthorized', message: 'send "Authorization: Bearer <admin token>"' });
    }
    expect(fake.calls).toEqual([]);
  });

  it('refuses a request signed like a Shopify webhook', async () => {
    const body = JSON.stringify(accountable);
    const { headers } = shopifyRequest(body);
    const res = await app.inject({ method: 'POST', url: '/v1/customers/c-42/end', payload: body, headers });
    expect(res.statusCode).toBe(401);
    expect(fake.calls).toEqual([]);
  });

  it('gives the store-facing routes no extra power: the Shopify webhook still needs its signature', async () => {
    const body = JSON.stringify({ id: 1 });
    const { headers } = shopifyRequest(body, { 'x-shopify-hmac-sha256': undefined, ...auth });
    const res = await app.inject({ method: 'POST', url: '/v1/webhooks/shopify/orders-create', payload: body, headers });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_signature' });
  });

  it('opens no store route with the admin token: the store routes take store keys only', async () => {
    expect((await post('/v1/orders', validOrder(), auth)).statusCode).toBe(401);
    expect((await post('/v1/orders', validOrder(), { authorization: STORE_HEADERS.authorization })).statusCode).toBe(
      202,
    );
  });

  it('opens no admin route with a store key', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/customers/c-42?storeId=default',
      headers: { authorization: STORE_HEADERS.authorization },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses to start with a short admin token', async () => {
    await expect(testApp({ support: { gateway: fake.gateway, adminToken: 'short' } })).rejects.toThrow(
      'admin token of 32+ characters',
    );
  });
});

describe('GET /v1/customers/:customerId', () => {
  it('answers the overview sentence beside the journey state, uncached, and logs no address', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/customers/c-42', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      overview: { sentence: 'No message is planned.', upcoming: [], sent: [] },
      ...emptyState(),
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('ada@example.com');
    expect(logs).toContain('journey state read');
    expect(logs).not.toContain('ada@example.com');
  });

  it('reads the customer of another store with ?storeId=, 404 when unknown', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/customers/c-42?storeId=other', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: 'customer_not_found',
      message: 'no journey for customer "c-42" in store "other"',
    });
    expect(fake.calls).toEqual([{ action: 'status', storeId: 'other', customerId: 'c-42' }]);
  });

  it('400 names the query field of a bad store id', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/customers/c-42?storeId=a%20b', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'query.storeId', message: 'letters, digits, ".", "_" and "-" only' }]);
  });
});

describe('POST /v1/customers/:customerId/<action>', () => {
  const cases: [string, SupportActionName, object][] = [
    ['pause', 'pause', accountable],
    ['resume', 'resume', accountable],
    ['skip-next', 'skipNext', accountable],
    ['resend', 'resend', { ...accountable, messageKey: '1001/post-purchase/hello/order', to: 'ada.new@example.com' }],
    ['change-email', 'changeEmail', { ...accountable, email: 'ada.new@example.com' }],
    ['end', 'end', { ...accountable, orderId: '1001' }],
  ];
  it.each(cases)('%s calls the gateway with the validated input and answers { done }', async (slug, action, body) => {
    const res = await post(`/v1/customers/c-42/${slug}?storeId=default`, { ...body, by: '  sam  ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ done: `${action} done` });
    expect(fake.calls).toEqual([{ action, storeId: 'default', customerId: 'c-42', input: { ...body, by: 'sam' } }]);
    expect(logs).not.toContain('ada.new@example.com');
    expect(logs).not.toContain('customer asked by phone');
  });

  it('400 lists every invalid field by path and calls nothing', async () => {
    const res = await post('/v1/customers/c-42/resend', { by: '', reason: 'x', to: 'nope', extra: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'invalid_request',
      message: '5 invalid fields',
      issues: expect.arrayContaining([
        { path: 'by', message: 'say who is acting (a name or id)' },
        { path: 'reason', message: 'give a reason of a few words' },
        { path: 'messageKey', message: expect.any(String) },
        { path: 'to', message: expect.any(String) },
        { path: '(body)', message: expect.stringContaining('extra') },
      ]),
    });
    expect(fake.calls).toEqual([]);
  });

  it('409 carries the validator message when the journey rejects the action', async () => {
    fake.reject = 'the journey is not paused';
    const res = await post('/v1/customers/c-42/resume', accountable);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'support_action_rejected', message: 'the journey is not paused' });
  });

  it('502 when the journey accepted a resend but could not send it', async () => {
    fake.fail = 'the resend was not sent: 550 mailbox unavailable';
    const res = await post('/v1/customers/c-42/resend', { ...accountable, messageKey: 'k' });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toEqual({
      error: 'support_action_failed',
      message: 'the resend was not sent: 550 mailbox unavailable',
    });
  });

  it('404 for a customer without a journey', async () => {
    const res = await post('/v1/customers/c-nobody/pause', accountable);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'customer_not_found' });
  });
});

describe('GET /v1/customers?email=|messageId=|orderId=', () => {
  const get = (query: string, headers: Record<string, string> = auth) =>
    app.inject({ method: 'GET', url: `/v1/customers?${query}`, headers });

  it('finds by the address as the ticket shows it, and logs neither the address nor the query string', async () => {
    const res = await get('email=Ada.Lovelace%40Example.com');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customers: [expect.objectContaining({ customerId: 'c-42', orderIds: ['1001'] })] });
    expect(searches).toEqual([{ email: 'Ada.Lovelace@Example.com' }]);
    expect(logs).toContain('customers searched');
    expect(logs.toLowerCase()).not.toContain('lovelace');
  });

  it('takes a Message-ID with or without its angle brackets; 503 names what is missing', async () => {
    const res = await get('messageId=0a1b2c%40shop.example.com');
    expect(searches).toEqual([{ messageId: '<0a1b2c@shop.example.com>' }]);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'search_unavailable', message: 'no database to look Message-IDs up in' });
  });

  it('400 for none or two of the three, or a malformed address, without echoing it', async () => {
    for (const query of ['', 'orderId=1001&email=a%40b.example', 'email=lovelace-at-example'])
      expect(await get(query)).toMatchObject({ statusCode: 400 });
    expect((await get('email=lovelace-at-example')).body).not.toContain('lovelace');
    expect(searches).toEqual([]);
  });

  it('is admin only', async () => {
    expect((await get('orderId=1001', {})).statusCode).toBe(401);
  });
});
