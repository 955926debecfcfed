import { authenticate, type DKIMResult } from 'mailauth';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sendTestWarnings } from '../../cli/commands/sendTest';
import { openStores, type Stores } from '../../storage';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';
import { runCli } from './runCli';

/** mailauth reports which headers a signature covers, but its typings leave that out. */
type SignedResult = DKIMResult & { signingHeaders: { keys: string } };

/**
 * `send-test` shows what customers get: the real headers (Reply-To, List-Unsubscribe and -Post, DKIM over them) and
 * working links, against the real API, whose answers are stored flagged as tests and whose unsubscribe changes nothing.
 */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-send-test-'));
let sink: SmtpSink;
let stores: Stores;
let api: TestApi;

beforeAll(async () => {
  sink = await startSmtpSink();
  stores = await openStores({ dataDir });
  // Test answers never signal a journey: this client is never asked to connect.
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
  api = await startTestApi(client, stores, 'send-test');
});
afterAll(async () => {
  await api.close();
  await stores.close();
  await sink.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  SMTP_URL: sink.url,
  MAIL_FROM: 'Test Shop <hello@shop.example.com>',
  PUBLIC_URL: api.baseUrl,
  AFTERGLOW_LINK_SECRET: TEST_LINK_SECRET,
  AFTERGLOW_DATA_DIR: dataDir,
  AFTERGLOW_CONTENT_DIR: FIXTURE_CONTENT_DIR,
  ...extra,
});
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

it('a marketing test email carries List-Unsubscribe, List-Unsubscribe-Post and Reply-To, DKIM-signed over them', async () => {
  const dkim = {
    DKIM_DOMAIN: 'shop.example.com',
    DKIM_SELECTOR: 'ag1',
    DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const result = await runCli(
    ['send-test', 'cross-sell', '--to', 'marketer@shop.example.com'],
    env({ ...dkim, PUBLIC_URL: 'https://afterglow.example.com' }),
  );
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const [mail] = (await sink.waitFor(1)).slice(-1);
  const unfolded = mail.raw.replace(/\r\n[ \t]+/g, ' ');
  expect(unfolded).toMatch(/^List-Unsubscribe: <https:\/\/afterglow\.example\.com\/u\/[\w.-]+>\r$/m);
  expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  expect(mail.parsed.replyTo?.text).toBe('support@shop.example.com');
  const report = await authenticate(mail.raw, {
    trustReceived: false,
    disableArc: true,
    resolver: async (name: string, type: string) => {
      if (name === 'ag1._domainkey.shop.example.com' && type === 'TXT')
        return [[`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`]];
      throw Object.assign(new Error(`no ${type} ${name}`), { code: 'ENOTFOUND' });
    },
  });
  const [signature] = report.dkim.results as SignedResult[];
  expect(signature.status.result).toBe('pass');
  expect(signature.signingHeaders.keys.toLowerCase().split(': ')).toEqual(
    expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'reply-to', 'from']),
  );
});

it('its answer links work against the API, and the answer is stored as a test that steers no journey', async () => {
  const before = (await sink.waitFor(0)).length;
  expect((await runCli(['send-test', 'feedback', '--to', 'marketer@shop.example.com'], env())).code).toBe(0);
  const mail = (await sink.waitFor(before + 1))[before];
  // The 2-star link of the rating row (the page preselects it; the form posts the choice).
  const link = hrefs(mail.parsed.html as string).filter((href) => href.startsWith(`${api.baseUrl}/a/`))[1];
  expect(link).toBeDefined();
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const answered = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'choice=2&comment=just+testing',
  });
  expect(answered.status).toBe(200);
  const stored = await stores.answers.list({ storeId: 'default', includeTests: true });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ test: true, comment: 'just testing', question: 'feedback' });
  expect(await stores.answers.list({ storeId: 'default' })).toEqual([]);
  expect(await stores.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
});

it('its unsubscribe link shows the page a customer sees and unsubscribes nobody', async () => {
  const before = (await sink.waitFor(0)).length;
  expect((await runCli(['send-test', 'cross-sell', '--to', 'marketer@shop.example.com'], env())).code).toBe(0);
  const mail = (await sink.waitFor(before + 1))[before];
  const unsubscribe = hrefs(mail.parsed.html as string).find((href) => href.startsWith(`${api.baseUrl}/u/`));
  expect(unsubscribe).toBeDefined();
  const oneClick = await fetch(unsubscribe!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status).toBe(200);
  expect(await oneClick.text()).toContain('This link came from a test email, so nothing was changed');
  expect(await stores.optOuts.choices({ storeId: 'default', customerId: 'preview-customer' })).toEqual([]);
});

describe('warnings when the test email cannot show what customers get', () => {
  it.each<[string, { PUBLIC_URL: string; MAIL_FROM: string }, string | undefined, string[]]>([
    [
      'real settings: none',
      { PUBLIC_URL: 'https://afterglow.example.com', MAIL_FROM: 'Shop <hello@shop.example.com>' },
      'AFTERGLOW_LINK_SECRET',
      [],
    ],
    [
      'a localhost PUBLIC_URL',
      { PUBLIC_URL: 'http://localhost:3000', MAIL_FROM: 'Shop <hello@shop.example.com>' },
      'x',
      ['PUBLIC_URL is http://localhost:3000: the links work on this machine only'],
    ],
    [
      'a .localhost sender',
      { PUBLIC_URL: 'https://afterglow.example.com', MAIL_FROM: 'Demo <hello@afterglow.localhost>' },
      'x',
      ['MAIL_FROM is Demo <hello@afterglow.localhost>: a .localhost sender'],
    ],
    [
      'no link secret',
      { PUBLIC_URL: 'https://afterglow.example.com', MAIL_FROM: 'Shop <hello@shop.example.com>' },
      undefined,
      ['no AFTERGLOW_LINK_SECRET'],
    ],
  ])('%s', (_, config, secretsFrom, expected) => {
    const warnings = sendTestWarnings(config, secretsFrom);
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(warnings[i]).toContain(start));
  });

  it('are printed on stderr, and the email still goes', async () => {
    const result = await runCli(
      ['send-test', 'how-to', '--to', 'marketer@shop.example.com'],
      env({ PUBLIC_URL: 'http://localhost:3000', MAIL_FROM: 'Demo <hello@afterglow.localhost>' }),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: PUBLIC_URL is http://localhost:3000');
    expect(result.stderr).toContain('warning: MAIL_FROM is Demo <hello@afterglow.localhost>');
  });
});
