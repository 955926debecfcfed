import type { CohortReport } from '../../measurement/reports/cohortReport';
import type { Comparison } from '../../measurement/reports/holdoutComparison';
import type { JourneyReport, StepFunnel } from '../../measurement/reports/journeyReport';
import { escapeHtml, htmlDocument } from './htmlDocument';
import { funnelChart, liftChart, ltvChart } from './reportCharts';

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:64rem;color:#1c1c1c}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}
.scroll{overflow-x:auto}svg{max-width:100%;height:auto}.note{color:#555;font-size:.9rem}.demo{background:#fff4d6;border:1px solid #e0b84c;padding:.5rem .75rem;border-radius:4px}.none{color:#8a5a00}`;

const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);
const cell = (step: string, field: string, text: string) =>
  `<td data-step="${escapeHtml(step)}" data-field="${field}">${escapeHtml(text)}</td>`;

const FUNNEL_COLUMNS: [keyof StepFunnel, string][] = [
  ['sent', 'sent'],
  ['skipped', 'skipped'],
  ['failed', 'failed'],
  ['bounced', 'bounced'],
  ['unsubscribed', 'unsubscribed'],
  ['opened', 'opens (not credited)'],
  ['clicks', 'clicks'],
  ['machineClicks', 'machine clicks'],
  ['attributedOrders', 'orders'],
  ['attributedRevenue', 'revenue'],
  ['revenuePerRecipient', 'revenue / sent'],
  ['receivedOrders', 'orders (received)'],
];

function funnelTable(report: JourneyReport): string {
  const head = `<tr><th>step</th>${FUNNEL_COLUMNS.map(([, label]) => `<th>${label}</th>`).join('')}<th>skipped because</th></tr>`;
  const rows = report.steps.map((s) => {
    const reasons = Object.entries(s.skippedBy)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    return `<tr>${cell(s.stepId, 'stepId', s.stepId)}${FUNNEL_COLUMNS.map(([field]) => cell(s.stepId, field, num(s[field as keyof typeof s] as number))).join('')}<td>${escapeHtml(reasons)}</td></tr>`;
  });
  return `<div class="scroll"><table>${head}${rows.join('')}</table></div>`;
}

function comparisonRow(label: string, id: string, c: Comparison, format: (n: number) => string): string {
  const interval = c.difference
    ? `${format(c.difference.difference)} (${format(c.difference.low)} to ${format(c.difference.high)})`
    : 'not enough data yet';
  return `<tr><td>${label}</td>${cell(id, 'treated', format(c.treated.value))}<td>${c.treated.customers}</td>${cell(id, 'heldOut', format(c.heldOut.value))}<td>${c.heldOut.customers}</td>${cell(id, 'difference', interval)}</tr>`;
}

function holdoutTable(report: JourneyReport): string {
  const { holdout } = report;
  const rate = (n: number) => `${(n * 100).toFixed(1)}%`;
  const rows = [
    ...Object.entries(holdout.repeatRate).map(([h, c]) =>
      comparisonRow(`repeat purchase within ${h.slice(0, -1)} days`, `repeat-${h}`, c, rate),
    ),
    comparisonRow(
      `revenue per customer, 90 days (${report.currency ?? ''})`,
      'revenue',
      holdout.revenuePerCustomer,
      num,
    ),
  ];
  return `<div class="scroll"><table><tr><th></th><th>treated</th><th>customers</th><th>held out</th><th>customers</th><th>difference (95% interval)</th></tr>${rows.join('')}</table></div>`;
}

function cohortTable(report: CohortReport): string {
  const rows = report.cohorts.map(
    (c) =>
      `<tr>${cell(c.month, 'month', c.month)}${cell(c.month, 'customers', String(c.customers))}${(['30d', '60d', '90d', '180d'] as const).map((d) => cell(c.month, `second-${d}`, pct(c.secondOrder[d]))).join('')}${cell(c.month, 'median', c.medianDaysToSecondOrder === null ? '–' : num(c.medianDaysToSecondOrder))}${(['90d', '365d'] as const).map((d) => cell(c.month, `ltv-${d}`, c.ltv[d] === null ? '–' : num(c.ltv[d]))).join('')}</tr>`,
  );
  return `<div class="scroll"><table><tr><th>first order</th><th>customers</th><th>2nd order 30d</th><th>60d</th><th>90d</th><th>180d</th><th>median days to 2nd</th><th>LTV 90d</th><th>LTV 365d</th></tr>${rows.join('')}</table></div>`;
}

/**
 * GET /report: what a journey earns, for a shop owner. The lift against the holdout first (the answer to "does it
 * work?"), then the funnel per step, then cohorts. Charts are SVG drawn on the server; every number is also in a
 * table, which reads on a phone and to a screen reader.
 */
export async function renderReportPage(
  journey: JourneyReport,
  cohorts: CohortReport,
  journeyIds: string[],
): Promise<string> {
  const [funnel, ltv, lift] = await Promise.all([funnelChart(journey), ltvChart(cohorts), liftChart(journey)]);
  const picker = journeyIds
    .map(
      (id) =>
        `<a href="?storeId=${encodeURIComponent(journey.storeId)}&amp;journeyId=${encodeURIComponent(id)}"${id === journey.journeyId ? ' aria-current="page"' : ''}>${escapeHtml(id)}</a>`,
    )
    .join(' · ');
  const body = `<h1>${escapeHtml(journey.journeyId)} · store ${escapeHtml(journey.storeId)}</h1>
<p class="note">Journeys: ${picker}. Revenue in ${escapeHtml(journey.currency ?? '–')}, net of refunds; an order counts for the last message the customer clicked within the store's attribution window. Generated ${escapeHtml(journey.generatedAt)}.</p>
${journey.demoData ? '<p class="demo" role="note"><strong>Demo data.</strong> These numbers are made up by <code>npx afterglow demo-data</code>; <code>npx afterglow demo-data --remove</code> takes them away.</p>' : ''}
<h2>Does it bring customers back? Treated against held out</h2>
<p class="note">${journey.holdout.treatedCustomers} treated and ${journey.holdout.heldOutCustomers} held-out customers. A customer counts for a horizon once it has passed; below ${journey.holdout.minimumGroupSize} per group the report waits.</p>
${holdoutTable(journey)}
<figure>${lift}</figure>
<h2>What each step does</h2>
<figure>${funnel}</figure>
${funnelTable(journey)}
<h2>Cohorts by month of first order</h2>
<figure>${ltv}</figure>
${cohortTable(cohorts)}`;
  return htmlDocument({ lang: 'en', title: `Report · ${journey.journeyId}`, style: STYLE, body });
}
