import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { toCsv } from '../../api/csv';
import { StoreId } from '../../domain/ids';
import { openStores } from '../../storage';
import { ANSWER_COLUMNS, type StoredAnswer } from '../../storage/answers';
import { loadConfig } from '../../temporal.config';
import { textTable } from '../textTable';

const UNIT_DAYS = { h: 1 / 24, d: 1, w: 7 } as const;

/** `--since 7d` (days, weeks or hours back from `now`) or an ISO date/time; throws naming the value otherwise. */
export function parseSince(text: string, now: Date): Date {
  const back = /^(\d+)(h|d|w)$/.exec(text);
  if (back)
    return new Date(now.getTime() - Number(back[1]) * UNIT_DAYS[back[2] as keyof typeof UNIT_DAYS] * 86_400_000);
  const at = DateTime.fromISO(text, { zone: 'UTC' });
  if (!at.isValid)
    throw new Error(
      `--since "${text}": give a date (2026-11-01), a date and time (2026-11-01T09:00Z) or a span back from now (7d, 2w, 12h)`,
    );
  return at.toJSDate();
}

function parseRatingBelow(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 2 || n > 6)
    throw new Error(`--rating-below "${text}": give a whole number from 2 to 6 (ratings are 1-5)`);
  return n;
}

const oneLine = (text: string | undefined, max = 60) => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function table(answers: StoredAnswer[]): string {
  if (answers.length === 0) return 'no answers';
  const rows = answers.map((a) => [
    a.answeredAt.toISOString().slice(0, 16).replace('T', ' '),
    a.customerId,
    a.orderId,
    a.question,
    a.sku ?? '',
    a.choice,
    oneLine(a.comment),
  ]);
  return textTable(['answered (UTC)', 'customer', 'order', 'question', 'product', 'answer', 'comment'], rows);
}

/**
 * `afterglow answers`: what customers answered to the feedback and win-back emails, newest first, read from the
 * database the API writes (DATABASE_URL, else the data folder's SQLite file). The same list as GET /v1/answers.
 */
export function registerAnswers(program: Command): void {
  program
    .command('answers')
    .description("list customers' answers (ratings, win-back reasons, comments), newest first")
    .option('--store <storeId>', 'the store', 'default')
    .option('--since <when>', 'only answers from then on: a date, a date and time, or a span back (7d, 2w, 12h)')
    .option('--rating-below <n>', 'only ratings below n (e.g. 3: the 1s and 2s)')
    .option('--tests', 'include answers from test emails (send-test)')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (flags: { store: string; since?: string; ratingBelow?: string; tests?: boolean; format: string }) => {
      const storeId = StoreId.safeParse(flags.store);
      if (!storeId.success) throw new Error(`--store "${flags.store}": not a store id`);
      if (!['table', 'json', 'csv'].includes(flags.format))
        throw new Error(`--format "${flags.format}": one of table, json, csv`);
      const query = {
        storeId: storeId.data,
        since: flags.since === undefined ? undefined : parseSince(flags.since, new Date()),
        ratingBelow: flags.ratingBelow === undefined ? undefined : parseRatingBelow(flags.ratingBelow),
        includeTests: !!flags.tests,
      };
      const config = loadConfig();
      const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      try {
        const answers = await stores.answers.list(query);
        if (flags.format === 'json') process.stdout.write(`${JSON.stringify({ answers }, null, 2)}\n`);
        else if (flags.format === 'csv') process.stdout.write(toCsv(ANSWER_COLUMNS, answers));
        else process.stdout.write(`${table(answers)}\n`);
      } finally {
        await stores.close();
      }
    });
}
