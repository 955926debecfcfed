import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSince } from '../../cli/commands/answers';
import { Answer } from '../../domain/answers';
import { openStores } from '../../storage';
import { runCli } from './runCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-answers-cli-'));
const env = { AFTERGLOW_DATA_DIR: dir };
const answer = (fields: Partial<Answer>) =>
  Answer.parse({
    storeId: 'default',
    customerId: 'c-1',
    orderId: '1001',
    messageKey: 'k-feedback',
    question: 'feedback',
    sku: 'VC-SERUM-30',
    choice: '5',
    answeredAt: '2026-11-20T10:00:00Z',
    ...fields,
  });

beforeAll(async () => {
  const stores = await openStores({ dataDir: dir });
  await stores.answers.record(
    answer({
      customerId: 'c-low',
      choice: '2',
      comment: 'It stung,\nand the bottle leaked',
      answeredAt: '2026-11-28T09:30:00Z',
    }),
  );
  await stores.answers.record(answer({ customerId: 'c-high', choice: '5', answeredAt: '2026-11-27T08:00:00Z' }));
  await stores.answers.record(answer({ customerId: 'c-old', choice: '1', answeredAt: '2026-10-01T08:00:00Z' }));
  await stores.answers.record(
    answer({
      customerId: 'c-wb',
      question: 'win-back',
      sku: undefined,
      messageKey: 'k-wb',
      choice: 'too-expensive',
      answeredAt: '2026-11-26T08:00:00Z',
    }),
  );
  await stores.answers.record(
    answer({ customerId: 'c-test', choice: '1', test: true, answeredAt: '2026-11-29T08:00:00Z' }),
  );
  await stores.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('lists the answers newest first, comments on one line, test answers left out', async () => {
  const { code, stdout } = await runCli(['answers'], env);
  expect(code).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^answered \(UTC\)\s+customer\s+order\s+question\s+product\s+answer\s+comment$/);
  expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[1])).toEqual(['c-low', 'c-high', 'c-wb', 'c-old']);
  expect(lines[1]).toContain('2026-11-28 09:30');
  expect(lines[1]).toContain('It stung, and the bottle leaked');
});

it('filters by date and by rating, and includes test answers when asked', async () => {
  const low = await runCli(['answers', '--since', '2026-11-01', '--rating-below', '3', '--format', 'json'], env);
  expect(JSON.parse(low.stdout).answers.map((a: { customerId: string }) => a.customerId)).toEqual(['c-low']);
  const withTests = await runCli(['answers', '--rating-below', '2', '--tests', '--format', 'csv'], env);
  const rows = withTests.stdout.trim().split('\r\n');
  expect(rows[0]).toBe('answeredAt,storeId,customerId,orderId,question,sku,choice,rating,comment,test,messageKey,id');
  expect(rows.slice(1).map((r) => r.split(',')[2])).toEqual(['c-test', 'c-old']);
});

it.each([
  [['--rating-below', 'abc'], '--rating-below "abc": give a whole number from 2 to 6'],
  [['--since', 'last tuesday'], '--since "last tuesday": give a date (2026-11-01)'],
  [['--format', 'xml'], '--format "xml": one of table, json, csv'],
])('refuses %j with a clear message and exit code 1', async (args, message) => {
  const { code, stderr } = await runCli(['answers', ...args], env);
  expect(code).toBe(1);
  expect(stderr).toContain(message);
});

it.each([
  ['7d', '2026-11-29T12:00:00.000Z'],
  ['2w', '2026-11-22T12:00:00.000Z'],
  ['12h', '2026-12-06T00:00:00.000Z'],
  ['2026-11-01', '2026-11-01T00:00:00.000Z'],
  ['2026-11-01T09:00+09:00', '2026-11-01T00:00:00.000Z'],
])('--since %s means %s', (text, expected) => {
  expect(parseSince(text, new Date('2026-12-06T12:00:00Z')).toISOString()).toBe(expected);
});
