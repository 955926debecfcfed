import type { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from '../../client/searchAttributes';
import { registerSearchAttributes } from '../../client/registerSearchAttributes';
import { Order } from '../../domain/order';
import { box, curlHint } from '../../scripts/start/banner';
import { localSmtpEndpoint } from '../../scripts/start/mailCatcher';
import { devServerArgs, devServerPlan } from '../../scripts/start/temporalServer';

const KEYWORD = 2;
const DATETIME = 6;
const KEYWORD_LIST = 7;

describe('the dev server command line', () => {
  const plan = devServerPlan({ TEMPORAL_ADDRESS: 'localhost:7233', dataDir: '/srv/afterglow/data' });

  it('keeps state in the data folder and serves the UI on gRPC port + 1000', () => {
    expect(plan).toEqual({
      port: 7233,
      uiPort: 8233,
      dbFile: '/srv/afterglow/data/temporal.db',
      logFile: '/srv/afterglow/data/temporal.log',
    });
    expect(devServerArgs(plan, 'default').join(' ')).toMatch(
      /^server start-dev --db-filename \/srv\/afterglow\/data\/temporal\.db --ip 127\.0\.0\.1 --port 7233 --ui-port 8233 --namespace default --search-attribute /,
    );
  });

  it('registers every search attribute the journeys use, in the CLI spelling', () => {
    expect(devServerSearchAttributeFlags().filter((flag) => flag !== '--search-attribute')).toEqual([
      'CustomerId=Keyword',
      'StoreId=Keyword',
      'OrderIds=KeywordList',
      'JourneyStage=Keyword',
      'NextMessageAt=Datetime',
      'LastOrderAt=Datetime',
      'MarketingStatus=Keyword',
      'JourneyVersions=KeywordList',
      'EmailHash=Keyword',
    ]);
  });
});

describe('registerSearchAttributes', () => {
  const fakeConnection = (existing: Record<string, number>, addError?: Error) => {
    const added: Record<string, number>[] = [];
    const operatorService = {
      listSearchAttributes: async () => ({ customAttributes: existing }),
      addSearchAttributes: async ({ searchAttributes }: { searchAttributes: Record<string, number> }) => {
        if (addError) throw addError;
        added.push(searchAttributes);
        return {};
      },
    };
    return { connection: { operatorService } as unknown as Connection, added };
  };

  it('adds only the missing ones', async () => {
    const { connection, added } = fakeConnection({
      CustomerId: KEYWORD,
      StoreId: KEYWORD,
      OrderIds: KEYWORD_LIST,
      JourneyStage: KEYWORD,
    });
    expect(await registerSearchAttributes(connection, 'default')).toEqual([
      'NextMessageAt',
      'LastOrderAt',
      'MarketingStatus',
      'JourneyVersions',
      'EmailHash',
    ]);
    expect(added).toEqual([
      {
        NextMessageAt: DATETIME,
        LastOrderAt: DATETIME,
        MarketingStatus: KEYWORD,
        JourneyVersions: KEYWORD_LIST,
        EmailHash: KEYWORD,
      },
    ]);
  });

  it('does nothing when all exist, and tolerates a concurrent registration', async () => {
    const all = {
      CustomerId: KEYWORD,
      StoreId: KEYWORD,
      OrderIds: KEYWORD_LIST,
      JourneyStage: KEYWORD,
      NextMessageAt: DATETIME,
      LastOrderAt: DATETIME,
      MarketingStatus: KEYWORD,
      JourneyVersions: KEYWORD_LIST,
      EmailHash: KEYWORD,
    };
    const complete = fakeConnection(all);
    expect(await registerSearchAttributes(complete.connection, 'default')).toEqual([]);
    expect(complete.added).toEqual([]);
    const raced = fakeConnection({}, Object.assign(new Error('already exists'), { code: 6 }));
    await expect(registerSearchAttributes(raced.connection, 'default')).resolves.toHaveLength(9);
  });

  it('says how to register them on Temporal Cloud when the server refuses the operator API', async () => {
    const refused = fakeConnection(
      { CustomerId: KEYWORD, StoreId: KEYWORD, OrderIds: KEYWORD_LIST, JourneyStage: KEYWORD, EmailHash: KEYWORD },
      Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), { code: 7 }),
    );
    await expect(registerSearchAttributes(refused.connection, 'shop.a1b2c')).rejects.toThrow(
      'the server refused to register search attributes on namespace "shop.a1b2c" (7 PERMISSION_DENIED: Request unauthorized.). ' +
        'On Temporal Cloud, register them as a namespace admin: tcld namespace search-attributes add --namespace shop.a1b2c ' +
        '--search-attribute "NextMessageAt=Datetime" --search-attribute "LastOrderAt=Datetime" ' +
        '--search-attribute "MarketingStatus=Keyword" --search-attribute "JourneyVersions=KeywordList" ' +
        '(or in the Cloud UI), then run this again',
    );
    const other = fakeConnection({}, Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }));
    await expect(registerSearchAttributes(other.connection, 'shop')).rejects.toThrow(/^14 UNAVAILABLE$/);
  });

  it('refuses a name registered with another type', async () => {
    const { connection } = fakeConnection({ NextMessageAt: KEYWORD });
    await expect(registerSearchAttributes(connection, 'shop')).rejects.toThrow(
      'search attribute NextMessageAt exists in namespace "shop" with another type than Datetime',
    );
  });
});

describe('mail catcher', () => {
  it('runs only for plain SMTP on this machine', () => {
    expect(localSmtpEndpoint('smtp://127.0.0.1:1025')).toEqual({ host: '127.0.0.1', port: 1025 });
    expect(localSmtpEndpoint('smtp://localhost:2525')).toEqual({ host: 'localhost', port: 2525 });
    expect(localSmtpEndpoint('smtp://apikey:secret@smtp.sendgrid.net:587')).toBeUndefined();
    expect(localSmtpEndpoint('smtps://127.0.0.1:465')).toBeUndefined();
  });
});

describe('the banner', () => {
  it('lines up labels and values inside a closed box', () => {
    const lines = box(
      'Afterglow is running',
      [
        ['API', 'http://localhost:3000'],
        ['Temporal Web UI', 'http://localhost:8233'],
      ],
      'Ctrl-C stops everything.',
    ).split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines).toContain('│  API               http://localhost:3000  │');
  });

  it("suggests an order the API accepts, sent with the demo store's key", () => {
    const line = curlHint('http://localhost:3000', 'agk_demo0000_key', new Date('2025-03-01T10:00:00Z'));
    const json = /-d '(.*)'$/.exec(line)![1];
    expect(Order.safeParse(JSON.parse(json)).success).toBe(true);
    expect(line).toContain('-H "authorization: Bearer agk_demo0000_key"');
  });
});
