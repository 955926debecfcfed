import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JourneyGateway } from '../client/journeyGateway';
import { isTemporalUnavailable } from '../client/temporalUnavailable';
import type { EmailCount } from './emailCounts';

/** What the scrape-time gauges read; the first two go to the database, so either may fail while it is down. */
export interface ApiMetricSources {
  outboxDepth(): Promise<number>;
  emailCounts(): Promise<EmailCount[]>;
  /** The newest content edit was refused (the last valid set is in use): definitions/liveContent.ts. */
  contentRefused(): boolean;
}

/** The route label of a request no route matched (a 404, a malformed URL): the raw URL may hold a link token. */
const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The API's Prometheus metrics, on a registry of their own (not prom-client's global one) so that tests, and
 * several servers in one process, never share or collide on a metric.
 */
export function apiMetrics(sources: ApiMetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'afterglow_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, and how long they took',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const placeOrderFailures = new Counter({
    name: 'afterglow_signal_with_start_failures_total',
    help: 'Orders that did not reach their journey (signal-with-start failed), by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Both reasons exist from the start, so rate() and alerts see a 0 rather than no series before the first failure.
  for (const reason of ['temporal_unavailable', 'error']) placeOrderFailures.inc({ reason }, 0);

  new Gauge({
    name: 'afterglow_outbox_depth',
    help: 'Signals waiting in the outbox to reach Temporal',
    registers: [registry],
    async collect() {
      this.set(await sources.outboxDepth());
    },
  });
  new Gauge({
    name: 'afterglow_emails',
    help: 'Messages recorded by category and outcome (fact_messages), counted at most every 30 s',
    labelNames: ['category', 'outcome'] as const,
    registers: [registry],
    async collect() {
      const counts = await sources.emailCounts();
      // A pair no longer counted (its rows deleted) disappears instead of keeping its last value.
      this.reset();
      for (const { category, outcome, count } of counts) this.set({ category, outcome }, count);
    },
  });

  new Gauge({
    name: 'afterglow_content_refused',
    help: '1 while the newest content edit is refused for errors (the last valid set stays in use; /readyz lists them), else 0',
    registers: [registry],
    collect() {
      this.set(sources.contentRefused() ? 1 : 0);
    },
  });

  return {
    registry,

    /** `route` is fastify's route pattern (`/c/:token`), undefined when no route matched. */
    observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
      requestDuration.observe({ method, route: route ?? UNMATCHED_ROUTE, status_code: statusCode }, seconds);
    },

    /** The gateway, counting the orders it fails to place; the error still reaches the caller (a 503 or 500). */
    countingFailures(gateway: JourneyGateway): JourneyGateway {
      return {
        async placeOrder(order) {
          try {
            return await gateway.placeOrder(order);
          } catch (err) {
            placeOrderFailures.inc({ reason: isTemporalUnavailable(err) ? 'temporal_unavailable' : 'error' });
            throw err;
          }
        },
        reportEvent: (event) => gateway.reportEvent(event),
      };
    },

    /**
     * The exposition text, one metric at a time: a metric whose scrape-time read fails (the database is down) is
     * left out of this scrape and reported to `leftOut`, and every other metric still answers.
     */
    async exposition(leftOut: (metric: string, err: unknown) => void): Promise<string> {
      const texts = await Promise.all(
        registry.getMetricsAsArray().map(async ({ name }) => {
          try {
            return await registry.getSingleMetricAsString(name);
          } catch (err) {
            leftOut(name, err);
            return undefined;
          }
        }),
      );
      // The layout Registry.metrics() writes: a blank line between metrics, a newline at the end.
      return `${texts.filter((text) => text !== undefined).join('\n\n')}\n`;
    },
  };
}
export type ApiMetrics = ReturnType<typeof apiMetrics>;
