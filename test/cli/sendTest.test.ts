import { type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';
import { runCli } from './runCli';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ rejectRcpt: (address) => address.startsWith('bounce@') });
});
afterAll(() => sink.close());

// Settings that show what customers get, so send-test has nothing to warn about.
const env = () => ({
  SMTP_URL: sink.url,
  MAIL_FROM: 'Test Shop <hello@shop.example.com>',
  PUBLIC_URL: 'https://afterglow.example.com',
  AFTERGLOW_LINK_SECRET: TEST_LINK_SECRET,
  AFTERGLOW_CONTENT_DIR: FIXTURE_CONTENT_DIR,
});

it('sends the rendered template through the configured SMTP server, subject prefixed [TEST]', async () => {
  const result = await runCli(['send-test', 'how-to', '--to', 'marketer@example.com', '--locale', 'ja'], env());
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const subject = '[TEST] ビタミンC ブライトニング美容液（30日分）の上手な使い方';
  expect(result.stdout).toMatch(
    new RegExp(`^sent "\\[TEST\\] .*" to marketer@example.com through ${sink.url.replace('smtp://', '')}: 250 `),
  );

  const [mail] = await sink.waitFor(1);
  expect(mail.envelopeTo).toEqual(['marketer@example.com']);
  expect(mail.parsed.subject).toBe(subject);
  expect(mail.parsed.from?.text).toBe('"Test Shop" <hello@shop.example.com>');
  expect(mail.parsed.headers.get('x-afterglow-test')).toBe('how-to (ja)');
  // What customers get: replies reach the store's support team; a service message has no list headers.
  expect(mail.parsed.replyTo?.text).toBe('support@shop.example.com');
  expect(mail.parsed.headers.get('x-afterglow-step')).toBe('how-to');
  expect(mail.parsed.headers.get('list-unsubscribe')).toBeUndefined();
  expect(mail.parsed.html).toContain('<html lang="ja"');
  expect(mail.parsed.text).toMatch(/^佐藤様\n/);
});

it('exits 1 with the SMTP answer when the server refuses the recipient', async () => {
  const result = await runCli(['send-test', 'reassurance', '--to', 'bounce@example.com'], env());
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^afterglow: .*550/);
});

it('exits 2 without a valid --to, before rendering or connecting', async () => {
  expect(await runCli(['send-test', 'how-to'], env())).toMatchObject({
    code: 2,
    stderr: expect.stringContaining("required option '--to <address>' not specified"),
  });
  expect(await runCli(['send-test', 'how-to', '--to', 'nope'], env())).toMatchObject({
    code: 2,
    stderr: expect.stringContaining('it must be an email address'),
  });
});
