import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { StoreId } from '../../domain/ids';
import { ANSWER_COLUMNS, type AnswerStore } from '../../storage/answers';
import { adminAuth } from '../adminAuth';
import { toCsv } from '../csv';
import { parseOrThrow } from '../errors';

const AnswersQuery = z.object({
  query: z.object({
    storeId: StoreId.default('default'),
    since: z.iso.datetime({ offset: true }).optional(),
    ratingBelow: z.coerce.number().int().min(2).max(6).optional(),
    includeTests: z.enum(['true', 'false']).default('false'),
  }),
});

/**
 * GET /v1/answers?storeId=&since=&ratingBelow=&includeTests= (admin): what customers answered, newest first, as JSON
 * (`{ answers: [...] }`) or, with `Accept: text/csv`, as CSV for a spreadsheet. The comments are personal data:
 * admin only, never cached.
 */
export const answersAdminRoutes: FastifyPluginAsync<{ answers: AnswerStore; adminToken: string }> = async (
  app,
  { answers, adminToken },
) => {
  app.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
  app.get('/v1/answers', async (request, reply) => {
    const { query } = parseOrThrow(AnswersQuery, { query: request.query ?? {} });
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
