import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StoreId } from '../../domain/ids';
import { ANSWER_COLUMNS, type AnswerStore } from '../../storage/answers';
import { adminAuth } from '../adminAuth';
import { toCsv } from '../csv';
import { errorAnswers } from '../routeSchemas';
import { ADMIN_TOKEN, declareSecurity } from '../securitySchemes';

const AnswersQuery = z.object({
  storeId: StoreId.default('default'),
  since: z.iso.datetime({ offset: true }).optional(),
  ratingBelow: z.coerce.number().int().min(2).max(6).optional(),
  includeTests: z.enum(['true', 'false']).default('false'),
});

/**
 * GET /v1/answers?storeId=&since=&ratingBelow=&includeTests= (admin): what customers answered, newest first, as JSON
 * (`{ answers: [...] }`) or, with `Accept: text/csv`, as CSV for a spreadsheet. The comments are personal data:
 * admin only, never cached.
 */
export const answersAdminRoutes: FastifyPluginAsyncZod<{ answers: AnswerStore; adminToken: string }> = async (
  app,
  { answers, adminToken },
) => {
  app.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
  declareSecurity(app, ADMIN_TOKEN);
  const schema = {
    summary: "The customers' answers, newest first",
    tags: ['reports'],
    querystring: AnswersQuery,
    response: {
      200: {
        description: 'JSON, or CSV with `Accept: text/csv`',
        content: {
          'application/json': {
            schema: z.object({
              answers: z.array(z.unknown().meta({ description: `an answer: ${ANSWER_COLUMNS.join(', ')}` })),
            }),
          },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorAnswers(400, 401, 503),
    },
  };
  app.get('/v1/answers', { schema }, async (request, reply) => {
    const { query } = request;
    const rows = await answers.list({
      storeId: query.storeId,
      since: query.since ? new Date(query.since) : undefined,
      ratingBelow: query.ratingBelow,
      includeTests: query.includeTests === 'true',
    });
    reply.header('cache-control', 'no-store');
    if (/text\/csv/.test(request.headers.accept ?? ''))
      return reply.type('text/csv; charset=utf-8').send(toCsv(ANSWER_COLUMNS, rows));
    return { answers: rows };
  });
};
