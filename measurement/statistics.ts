import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** Below this many customers in either group, a comparison says "not enough data yet" instead of a number. */
export const MIN_GROUP_SIZE = 30;

export interface Difference {
  /** Treated minus held out. */
  difference: number;
  /** 95% confidence interval of the difference. */
  low: number;
  high: number;
}

const Z_95 = normalQuantile(0.975, 0, 1);

/**
 * Difference of two proportions (x1/n1 - x2/n2) with the 95% Wald interval of the unpooled two-proportion test;
 * undefined when either group is empty.
 */
export function proportionDifference(x1: number, n1: number, x2: number, n2: number): Difference | undefined {
  if (n1 === 0 || n2 === 0) return undefined;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const difference = p1 - p2;
  return { difference, low: difference - Z_95 * se, high: difference + Z_95 * se };
}

/** A group's size, sum and sum of squares: enough for a mean and a variance, and cheap to aggregate in SQL. */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

const mean = (m: Moments) => (m.n === 0 ? 0 : m.sum / m.n);
/** Sample variance (n - 1). */
const variance = (m: Moments) => (m.n < 2 ? 0 : Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1)));

/**
 * Difference of two means with Welch's 95% interval (unequal variances, Welch-Satterthwaite degrees of freedom);
 * undefined with fewer than two in a group. Two groups without any spread give a zero-width interval.
 */
export function meanDifference(a: Moments, b: Moments): Difference | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const va = variance(a) / a.n;
  const vb = variance(b) / b.n;
  const difference = mean(a) - mean(b);
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, low: difference, high: difference };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = tQuantile(0.975, df);
  return { difference, low: difference - t * se, high: difference + t * se };
}

/** The median of numbers (undefined for none). */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
