import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CustomerId, StoreId } from '../../domain/ids';
import type { PrivacyRequestService } from '../../privacy/privacyRequestService';
import { adminAuth } from '../adminAuth';
import { ApiError, parseOrThrow } from '../errors';

export interface PrivacyRouteOptions {
  privacy: PrivacyRequestService;
  /** AFTERGLOW_ADMIN_TOKEN: every privacy route needs `Authorization: Bearer <it>`. */
  adminToken: string;
}

// Issue paths name where the bad value was ("query.storeId", "body.emails.0").
const Target = z.object({
  params: z.object({ customerId: CustomerId }),
  query: z.object({ storeId: StoreId.default('default') }),
});
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

/**
 * The store's (or its operator's) privacy requests, admin token only:
 * - POST /v1/customers/:customerId/erase?storeId= `{ emails?, source? }` → 202 `{ requestId }`: the customer's journeys
 *   end and their personal data is removed everywhere (docs/privacy.md);
 * - POST /v1/customers/:customerId/export?storeId= `{ source? }` → 202 `{ requestId }`;
 * - GET /v1/privacy-requests/:id → where the request stands; an export's data once done.
 * A request is stored before the 202, so it is carried out even when Temporal is down when it arrives.
 */
export const privacyRoutes: FastifyPluginAsync<PrivacyRouteOptions> = async (app, { privacy, adminToken }) => {
  app.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const accepted = (requestId: string) => ({
    requestId,
    status: 'pending',
    statusUrl: `/v1/privacy-requests/${requestId}`,
  });

  app.post('/v1/customers/:customerId/erase', async (request, reply) => {
    const { params, query, body } = parseOrThrow(Target.extend({ body: EraseBody }), {
      params: request.params,
      query: request.query ?? {},
      body: request.body ?? {},
    });
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

  app.post('/v1/customers/:customerId/export', async (request, reply) => {
    const { params, query, body } = parseOrThrow(Target.extend({ body: ExportBody }), {
      params: request.params,
      query: request.query ?? {},
      body: request.body ?? {},
    });
    const { requestId } = await privacy.requestExport({
      storeId: query.storeId,
      customerId: params.customerId,
      source: body.source ?? 'admin-api',
    });
    request.log.info({ storeId: query.storeId, customerId: params.customerId, requestId }, 'export requested');
    return reply.code(202).send(accepted(requestId));
  });

  app.get('/v1/privacy-requests/:id', async (request) => {
    const { id } = parseOrThrow(z.object({ params: RequestId }), { params: request.params }).params;
    const view = await privacy.status(id);
    if (!view) throw new ApiError(404, 'privacy_request_not_found', `no privacy request ${id}`);
    return view;
  });
};
