import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomerId, StoreId } from '../../domain/ids';
import type { PrivacyRequestService } from '../../privacy/privacyRequestService';
import { adminAuth } from '../adminAuth';
import { ApiError } from '../errors';
import { errorAnswers } from '../routeSchemas';
import { ADMIN_TOKEN, declareSecurity } from '../securitySchemes';

export interface PrivacyRouteOptions {
  privacy: PrivacyRequestService;
  /** AFTERGLOW_ADMIN_TOKEN: every privacy route needs `Authorization: Bearer <it>`. */
  adminToken: string;
}

const Params = z.object({ customerId: CustomerId });
const Query = z.object({ storeId: StoreId.default('default') });
const EraseBody = z
  .object({
    /** Addresses the store knows the customer by, besides those Afterglow has: suppressed too (kept as hashes). */
    emails: z.array(z.email()).max(100).optional(),
    /** Who asked (a ticket, a tool); recorded with the erasure. */
    source: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
const ExportBody = EraseBody.pick({ source: true }).strict();
const RequestId = z.object({ id: z.string().regex(/^pr_[0-9a-f-]{36}$/, 'must be a privacy request id (pr_…)') });
/** privacy/privacyRequestService.ts's PrivacyRequestView, as the route answers it. */
const RequestStatus = z.object({
  id: z.string(),
  kind: z.enum(['export', 'erasure', 'store-erasure']),
  storeId: z.string(),
  customerId: z.string().optional(),
  source: z.string(),
  status: z.enum(['pending', 'done']),
  requestedAt: z.string(),
  completedAt: z.string().optional(),
  detail: z.string().optional(),
  export: z.unknown().meta({ description: 'the export, once done; null once the customer was erased' }).optional(),
});
const Accepted = z.object({ requestId: z.string(), status: z.literal('pending'), statusUrl: z.string() });

/** The request parts of erase and export; a body is optional (fastify hands an absent one over as null). */
const requestSchema = <B extends z.ZodObject>(body: B, summary: string) => ({
  summary,
  tags: ['privacy'],
  params: Params,
  querystring: Query,
  body: body.nullable(),
  response: { 202: Accepted, ...errorAnswers(400, 401, 413, 415, 503) },
});

/**
 * The store's (or its operator's) privacy requests, admin token only:
 * - POST /v1/customers/:customerId/erase?storeId= `{ emails?, source? }` → 202 `{ requestId }`: the customer's journeys
 *   end and their personal data is removed everywhere (docs/privacy.md);
 * - POST /v1/customers/:customerId/export?storeId= `{ source? }` → 202 `{ requestId }`;
 * - GET /v1/privacy-requests/:id → where the request stands; an export's data once done.
 * A request is stored before the 202, so it is carried out even when Temporal is down when it arrives.
 */
export const privacyRoutes: FastifyPluginAsyncZod<PrivacyRouteOptions> = async (app, { privacy, adminToken }) => {
  app.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
  declareSecurity(app, ADMIN_TOKEN);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const accepted = (requestId: string) => ({
    requestId,
    status: 'pending' as const,
    statusUrl: `/v1/privacy-requests/${requestId}`,
  });

  const eraseSchema = requestSchema(EraseBody, "Erase a customer's personal data everywhere");
  app.post('/v1/customers/:customerId/erase', { schema: eraseSchema }, async (request, reply) => {
    const { params, query } = request;
    const body = request.body ?? {};
    const { requestId } = await privacy.requestErasure({
      storeId: query.storeId,
      customerId: params.customerId,
      source: body.source ?? 'admin-api',
      emails: body.emails,
    });
    // Ids only: the body's addresses are never logged.
    request.log.info({ storeId: query.storeId, customerId: params.customerId, requestId }, 'erasure requested');
    return reply.code(202).send(accepted(requestId));
  });

  const exportSchema = requestSchema(ExportBody, 'Export everything held about a customer');
  app.post('/v1/customers/:customerId/export', { schema: exportSchema }, async (request, reply) => {
    const { params, query } = request;
    const body = request.body ?? {};
    const { requestId } = await privacy.requestExport({
      storeId: query.storeId,
      customerId: params.customerId,
      source: body.source ?? 'admin-api',
    });
    request.log.info({ storeId: query.storeId, customerId: params.customerId, requestId }, 'export requested');
    return reply.code(202).send(accepted(requestId));
  });

  const statusSchema = {
    summary: "Where a privacy request stands; an export's data once done",
    tags: ['privacy'],
    params: RequestId,
    response: { 200: RequestStatus, ...errorAnswers(400, 401, 404, 503) },
  };
  app.get('/v1/privacy-requests/:id', { schema: statusSchema }, async (request) => {
    const { id } = request.params;
    const view = await privacy.status(id);
    if (!view) throw new ApiError(404, 'privacy_request_not_found', `no privacy request ${id}`);
    return view;
  });
};
