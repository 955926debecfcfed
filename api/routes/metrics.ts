import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ApiMetrics } from '../../metrics/apiMetrics';
import { adminAuth } from '../adminAuth';
import { errorAnswers } from '../routeSchemas';
import { ADMIN_TOKEN, declareSecurity } from '../securitySchemes';

/**
 * GET /metrics (admin): the API's metrics in Prometheus text format. Admin only: the counts say how much mail each
 * category sends. While the database is down the gauges read from it are left out and the rest still answers 200.
 */
export const metricsRoutes: FastifyPluginAsync<{ recorder: ApiMetrics; adminToken: string }> = async (
  app,
  { recorder, adminToken },
) => {
  app.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
  declareSecurity(app, ADMIN_TOKEN);
  const schema = {
    summary: "The API's metrics",
    tags: ['operations'],
    response: {
      200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
      ...errorAnswers(401),
    },
  };
  app.get('/metrics', { schema }, async (request, reply) => {
    const text = await recorder.exposition((metric, err) =>
      // The metric and the error's code only: a driver's message is not ours to vet for personal data.
      request.log.warn({ metric, error: errorCode(err) }, 'metric left out of this scrape: its source did not answer'),
    );
    return reply.header('cache-control', 'no-store').type(recorder.registry.contentType).send(text);
  });
};

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
}
