import type { Command } from 'commander';
import { toCsv } from '../../api/csv';
import { identifier, StoreId } from '../../domain/ids';
import type { Comparison } from '../../measurement/reports/holdoutComparison';
import { journeyReport, type JourneyReport } from '../../measurement/reports/journeyReport';
import { openStores } from '../../storage';
import { loadConfig } from '../../temporal.config';
import { textTable } from '../textTable';
import { parseSince } from './answers';

/** The step columns of `--format csv`, as the JSON names them. */
const STEP_COLUMNS = [
  'stepId',
  'category',
  'sent',
  'deferred',
  'skipped',
  'failed',
  'bounced',
  'unsubscribed',
  'clicks',
  'machineClicks',
  'attributedOrders',
  'attributedRevenue',
  'revenuePerRecipient',
  'receivedOrders',
  'receivedRevenue',
] as const;

const money = (n: number) => n.toFixed(2);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function comparisonLine(label: string, c: Comparison, format: (n: number) => string): string[] {
  const d = c.difference;
  return [
    label,
    `${format(c.treated.value)} (${c.treated.customers})`,
    `${format(c.heldOut.value)} (${c.heldOut.customers})`,
    d ? `${format(d.difference)} [${format(d.low)}, ${format(d.high)}]` : 'not enough data yet',
  ];
}

function table(report: JourneyReport): string {
  const steps = textTable(
    [
      'step',
      'sent',
      'skipped',
      'clicks',
      'machine',
      'orders',
      `revenue ${report.currency ?? ''}`,
      'per sent',
      'skipped because',
    ],
    report.steps.map((s) => [
      s.stepId,
      String(s.sent),
      String(s.skipped),
      String(s.clicks),
      String(s.machineClicks),
      String(s.attributedOrders),
      money(s.attributedRevenue),
      money(s.revenuePerRecipient),
      Object.entries(s.skippedBy)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', '),
    ]),
  );
  const { holdout } = report;
  const lift = textTable(
    ['treated vs held out', 'treated (customers)', 'held out (customers)', 'difference [95% interval]'],
    [
      ...Object.entries(holdout.repeatRate).map(([h, c]) => comparisonLine(`repeat within ${h}`, c, pct)),
      comparisonLine('revenue per customer, 90d', holdout.revenuePerCustomer, money),
    ],
  );
  return `${report.journeyId} · store ${report.storeId} · ${report.since ? `since ${report.since}` : 'all time'}\n\n${lift}\n\n${steps}`;
}

/**
 * `afterglow report`: what a journey earns, read from the database the API writes: the holdout comparison and the
 * funnel per step. The same numbers as GET /v1/reports/journeys/:journeyId and the /report page.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('what a journey earns: lift against the holdout, and per step sent, clicks, orders and revenue')
    .option('--store <storeId>', 'the store', 'default')
    .option('--journey <journeyId>', 'the journey', 'post-purchase')
    .option('--since <when>', 'only facts from then on: a date, a date and time, or a span back (30d, 12w)')
    .option('--format <format>', 'table, json or csv (csv: one row per step)', 'table')
    .action(async (flags: { store: string; journey: string; since?: string; format: string }) => {
      const storeId = StoreId.safeParse(flags.store);
      if (!storeId.success) throw new Error(`--store "${flags.store}": not a store id`);
      const journeyId = identifier(200).safeParse(flags.journey);
      if (!journeyId.success) throw new Error(`--journey "${flags.journey}": not a journey id`);
      if (!['table', 'json', 'csv'].includes(flags.format))
        throw new Error(`--format "${flags.format}": one of table, json, csv`);
      const now = new Date();
      const since = flags.since === undefined ? undefined : parseSince(flags.since, now).getTime();
      const config = loadConfig();
      const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      try {
        const report = await journeyReport(stores.db, {
          storeId: storeId.data,
          journeyId: journeyId.data,
          since,
          now: now.getTime(),
        });
        if (flags.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (flags.format === 'csv') process.stdout.write(toCsv([...STEP_COLUMNS], report.steps));
        else process.stdout.write(`${table(report)}\n`);
      } finally {
        await stores.close();
      }
    });
}
