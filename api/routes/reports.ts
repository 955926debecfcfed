import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { identifier, StoreId } from '../../domain/ids';
import { cohortReport } from '../../measurement/reports/cohortReport';
import { journeyReport, reportedJourneys } from '../../measurement/reports/journeyReport';
import type { Database } from '../../storage/schema';
import { adminAuth, pageAdminAuth } from '../adminAuth';
import { parseOrThrow } from '../errors';
import { PAGE_HEADERS } from '../pages/preferencePages';
import { renderReportPage } from '../pages/reportPage';

export interface ReportRouteOptions {
  db: Kysely<Database>;
  adminToken: string;
  now?: () => number;
}

const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"');
const Since = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((text) => Date.parse(text));

const JourneyReportRequest = z.object({
  params: z.object({ journeyId: identifier(200) }),
  query: z.object({ storeId: StoreId.default('default'), since: Since.optional(), currency: Currency.optional() }),
});
const CohortRequest = z.object({
  query: z.object({
    storeId: StoreId.default('default'),
    journeyId: identifier(200).optional(),
    currency: Currency.optional(),
  }),
});
const PageRequest = z.object({
  query: z.object({ storeId: StoreId.default('default'), journeyId: identifier(200).optional() }),
});

/**
 * The reports (admin): GET /v1/reports/journeys/:journeyId and GET /v1/reports/cohorts as JSON, and GET /report, the
 * same numbers as a page with charts. Counts and money only: no personal data, but the store's business all the same.
 */
export const reportRoutes: FastifyPluginAsync<ReportRouteOptions> = async (app, { db, adminToken, now = Date.now }) => {
  await app.register(async (api) => {
    api.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
    api.get('/v1/reports/journeys/:journeyId', async (request, reply) => {
      const { params, query } = parseOrThrow(JourneyReportRequest, {
        params: request.params,
        query: request.query ?? {},
      });
      reply.header('cache-control', 'no-store');
      return journeyReport(db, { ...query, journeyId: params.journeyId, now: now() });
    });
    api.get('/v1/reports/cohorts', async (request, reply) => {
      const { query } = parseOrThrow(CohortRequest, { query: request.query ?? {} });
      reply.header('cache-control', 'no-store');
      return cohortReport(db, { ...query, now: now() });
    });
  });
  await app.register(async (page) => {
    page.addHook('onRequest', pageAdminAuth(adminToken, 'Afterglow report', 'the report page needs'));
    page.get('/report', async (request, reply) => {
      const { query } = parseOrThrow(PageRequest, { query: request.query ?? {} });
      const ids = await reportedJourneys(db, query.storeId);
      const journeyId = query.journeyId ?? ids[0] ?? 'post-purchase';
      const at = now();
      const [journey, cohorts] = await Promise.all([
        journeyReport(db, { storeId: query.storeId, journeyId, now: at }),
        cohortReport(db, { storeId: query.storeId, journeyId, now: at }),
      ]);
      return reply
        .code(200)
        .headers(PAGE_HEADERS)
        .send(await renderReportPage(journey, cohorts, ids));
    });
  });
};
