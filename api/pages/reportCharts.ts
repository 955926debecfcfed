import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CohortReport } from '../../measurement/reports/cohortReport';
import type { JourneyReport } from '../../measurement/reports/journeyReport';

/** A Vega-Lite chart drawn to SVG on the server: the page needs no script and no CDN. */
async function svg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 560, height: 220 } as const;

/** Sent, human clicks and attributed orders per step, side by side. */
export function funnelChart(report: JourneyReport): Promise<string> {
  const values = report.steps.flatMap((s) => [
    { step: s.stepId, measure: 'sent', count: s.sent },
    { step: s.stepId, measure: 'clicked', count: s.clicks },
    { step: s.stepId, measure: 'ordered', count: s.attributedOrders },
  ]);
  return svg({
    ...base,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'step', type: 'nominal', sort: null, title: null, axis: { labelAngle: -30 } },
      xOffset: { field: 'measure', sort: ['sent', 'clicked', 'ordered'] },
      y: { field: 'count', type: 'quantitative', title: 'messages / clicks / orders' },
      color: { field: 'measure', type: 'nominal', sort: ['sent', 'clicked', 'ordered'], title: null },
    },
  });
}

/** Cumulative net revenue per customer by days since the first order, one line per cohort. */
export function ltvChart(report: CohortReport): Promise<string> {
  const values = report.cohorts.flatMap((c) =>
    Object.entries(c.ltv)
      .filter(([, ltv]) => ltv !== null)
      .map(([days, ltv]) => ({ cohort: c.month, days: Number(days.slice(0, -1)), ltv })),
  );
  return svg({
    ...base,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'days', type: 'quantitative', title: 'days since first order' },
      y: { field: 'ltv', type: 'quantitative', title: `revenue per customer (${report.currency ?? ''})` },
      color: { field: 'cohort', type: 'nominal', title: 'first order' },
    },
  });
}

/** Treated minus held-out repeat rate (percentage points) with its 95% interval, per horizon. */
export function liftChart(report: JourneyReport): Promise<string> {
  const values = Object.entries(report.holdout.repeatRate)
    .filter(([, c]) => c.difference)
    .map(([horizon, c]) => ({
      horizon: `repeat within ${horizon}`,
      lift: c.difference!.difference * 100,
      low: c.difference!.low * 100,
      high: c.difference!.high * 100,
    }));
  return svg({
    ...base,
    height: 140,
    data: { values },
    layer: [
      {
        mark: 'rule',
        encoding: {
          y: { field: 'horizon', type: 'nominal', title: null },
          x: { field: 'low', type: 'quantitative', title: 'lift in percentage points (95% interval)' },
          x2: { field: 'high' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 80 },
        encoding: { y: { field: 'horizon', type: 'nominal' }, x: { field: 'lift', type: 'quantitative' } },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', strokeDash: [4, 4] },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
    ],
  });
}
