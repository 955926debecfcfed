import type { FactStore } from './facts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Deletes facts older than `days` now and every hour after (AFTERGLOW_FACT_RETENTION_DAYS). Failing to prune is not
 * urgent: it is said and tried again the next hour.
 */
export function factRetention(
  facts: Pick<FactStore, 'prune'>,
  days: number,
  warn: (line: string) => void,
  now: () => number = Date.now,
) {
  const prune = () =>
    facts
      .prune(now() - days * DAY_MS)
      .catch((err: unknown) =>
        warn(`old report facts not deleted: ${err instanceof Error ? err.message : String(err)}`),
      );
  void prune();
  const timer = setInterval(() => void prune(), HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
