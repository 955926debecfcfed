import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { identifier, StoreId } from '../../domain/ids';
import { cohortReport } from '../../measurement/reports/cohortReport';
import { journeyReport, reportedJourneys } from '../../measurement/reports/journeyReport';
import type { Database } from '../../storage/schema';
import { adminAuth, pageAdminAuth } from '../adminAuth';
import { PAGE_HEADERS } from '../pages/preferencePages';
import { renderReportPage } from '../pages/reportPage';
import { errorAnswers, htmlPage } from '../routeSchemas';
import { ADMIN_PAGE, ADMIN_TOKEN, declareSecurity } from '../securitySchemes';

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

const JourneyParams = z.object({ journeyId: identifier(200) });
const JourneyQuery = z.object({
  storeId: StoreId.default('default'),
  since: Since.optional(),
  currency: Currency.optional(),
});
const CohortQuery = z.object({
  storeId: StoreId.default('default'),
  journeyId: identifier(200).optional(),
  currency: Currency.optional(),
});
const PageQuery = z.object({ storeId: StoreId.default('default'), journeyId: identifier(200).optional() });
/** The reports' numbers (measurement/reports/), described in the README's API table. */
const Report = z.unknown();

/**
 * The reports (admin): GET /v1/reports/journeys/:journeyId and GET /v1/reports/cohorts as JSON, and GET /report, the
 * same numbers as a page with charts. Counts and money only: no personal data, but the store's business all the same.
 */
export const reportRoutes: FastifyPluginAsyncZod<ReportRouteOptions> = async (
  app,
  { db, adminToken, now = Date.now },
) => {
  await app.register(async (plugin) => {
    const api = plugin.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
    declareSecurity(api, ADMIN_TOKEN);
    const journeySchema = {
      summary: "A journey's report: each step's sends, clicks and revenue, and the holdout",
      tags: ['reports'],
      params: JourneyParams,
      querystring: JourneyQuery,
      response: { 200: Report, ...errorAnswers(400, 401, 503) },
    };
    api.get('/v1/reports/journeys/:journeyId', { schema: journeySchema }, async (request, reply) => {
      const { params, query } = request;
      reply.header('cache-control', 'no-store');
      return journeyReport(db, { ...query, journeyId: params.journeyId, now: now() });
    });
    const cohortSchema = {
      summary: 'Cohorts by month of first order: second orders and the LTV curve',
      tags: ['reports'],
      querystring: CohortQuery,
      response: { 200: Report, ...errorAnswers(400, 401, 503) },
    };
    api.get('/v1/reports/cohorts', { schema: cohortSchema }, async (request, reply) => {
      const { query } = request;
      reply.header('cache-control', 'no-store');
      return cohortReport(db, { ...query, now: now() });
    });
  });
  await app.register(async (plugin) => {
    const page = plugin.withTypeProvider<ZodTypeProvider>();
    page.addHook('onRequest', pageAdminAuth(adminToken, 'Afterglow report', 'the report page needs'));
    declareSecurity(page, ADMIN_PAGE);
    const pageSchema = {
      summary: 'The report page: lift against the holdout, funnel per step, LTV by cohort',
      tags: ['reports'],
      querystring: PageQuery,
      response: { 200: htmlPage('the report page'), ...errorAnswers(400, 503) },
    };
    page.get('/report', { schema: pageSchema }, async (request, reply) => {
      const { query } = request;
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
