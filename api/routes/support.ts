import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CustomerNotFoundError,
  SUPPORT_ACTION_NAMES,
  SUPPORT_ACTIONS,
  SupportActionFailed,
  type SupportActionInput,
  type SupportActionName,
  SupportActionRejected,
  type SupportGateway,
  runSupportAction,
} from '../../client/supportGateway';
import { StoreId } from '../../domain/ids';
import { Customer } from '../../domain/order';
import { FindQuery, FindUnavailableError, type FoundCustomer } from '../../client/customerFinder';
import { journeyOverview } from '../../rules/journeyDetails';
import { ErasedDataError } from '../../privacy/vault';
import { adminAuth } from '../adminAuth';
import { ApiError } from '../errors';
import { errorAnswers } from '../routeSchemas';
import { ADMIN_TOKEN, declareSecurity } from '../securitySchemes';

export interface SupportRouteOptions {
  gateway: SupportGateway;
  /** Serves GET /v1/customers?email=|messageId=|orderId= (client/customerFinder.ts). */
  find?: (query: FindQuery) => Promise<FoundCustomer[]>;
  /** AFTERGLOW_ADMIN_TOKEN: every support route needs `Authorization: Bearer <it>`. */
  adminToken: string;
}

const Params = z.object({ customerId: Customer.shape.id });
const Query = z.object({ storeId: StoreId.default('default') });

/** Each journey found, as client/customerFinder.ts makes it (the message a Message-ID names, left undescribed). */
const FoundCustomerSummary = z.object({
  storeId: z.string(),
  customerId: z.string(),
  workflowId: z.string(),
  running: z.boolean(),
  orderIds: z.array(z.string()),
  stage: z.string().optional(),
  message: z.unknown().optional(),
});

/** Exactly one of the three: each means a different lookup. */
const FindParams = z
  .object({ email: z.string(), messageId: z.string(), orderId: z.string() })
  .partial()
  .strict()
  .refine((q) => Object.keys(q).length === 1, 'give exactly one of email, messageId or orderId')
  .pipe(FindQuery);

/** The gateway's errors as answers; their messages name ids and the validator's reason, never an address. */
async function answer<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CustomerNotFoundError) throw new ApiError(404, 'customer_not_found', err.message);
    if (err instanceof SupportActionRejected) throw new ApiError(409, 'support_action_rejected', err.message);
    if (err instanceof SupportActionFailed) throw new ApiError(502, 'support_action_failed', err.message);
    if (err instanceof ErasedDataError) throw new ApiError(410, 'customer_erased', err.message);
    throw err;
  }
}

/**
 * The admin API support works with (admin token only, never for stores):
 * - GET /v1/customers?email=…|messageId=…|orderId=… → `{ customers: [...] }`, the journeys a ticket points to (an
 *   address is looked up by its keyed hash, EmailHash; a Message-ID through the send ledger, naming the message);
 * - GET /v1/customers/:customerId?storeId= → `overview` (rules/journeyDetails.ts: the sentence, upcoming and sent) and
 *   the customer's journey state, as the workflow's journeyState query answers it (it holds their email address: the answer is never logged or cached);
 * - POST /v1/customers/:customerId/{pause,resume,skip-next,resend,change-email,end}?storeId= with
 *   `{ by, reason, … }` → 200 `{ done }`, 409 when the journey's validator rejects the action, 404 for an unknown
 *   customer, 400 listing every invalid field.
 * Its own plugin, so the auth hook guards exactly these routes.
 */
export const supportRoutes: FastifyPluginAsyncZod<SupportRouteOptions> = async (app, { gateway, adminToken, find }) => {
  app.addHook('onRequest', adminAuth(adminToken, 'afterglow-admin'));
  declareSecurity(app, ADMIN_TOKEN);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  if (find)
    app.get(
      '/v1/customers',
      {
        schema: {
          summary: "Find the journeys a ticket's address, Message-ID or order number points to",
          tags: ['support'],
          querystring: FindParams,
          response: { 200: z.object({ customers: z.array(FoundCustomerSummary) }), ...errorAnswers(400, 401, 503) },
        },
      },
      async (request) => {
        const query = request.query;
        try {
          const customers = await find(query);
          // What was asked is left out: it may be an address.
          request.log.info({ by: Object.keys(query)[0], found: customers.length }, 'customers searched');
          return { customers };
        } catch (err) {
          if (err instanceof FindUnavailableError) throw new ApiError(503, 'search_unavailable', err.message);
          throw err;
        }
      },
    );

  app.get(
    '/v1/customers/:customerId',
    {
      schema: {
        summary: "A customer's journey: the overview and the journey state",
        tags: ['support'],
        params: Params,
        querystring: Query,
        response: {
          200: z.looseObject({ overview: z.unknown().meta({ description: 'the sentence, upcoming and sent' }) }),
          ...errorAnswers(400, 401, 404, 410, 503),
        },
      },
    },
    async (request) => {
      const { storeId } = request.query;
      const { customerId } = request.params;
      const state = await answer(() => gateway.status(storeId, customerId));
      request.log.info({ storeId, customerId }, 'journey state read');
      // The same sentence and lists as `afterglow status` and the Web UI's current details, beside the state.
      return { overview: journeyOverview(state, Date.now()), ...state };
    },
  );

  const registerAction = <K extends SupportActionName>(name: K) => {
    const { slug, schema } = SUPPORT_ACTIONS[name];
    app.post(
      `/v1/customers/:customerId/${slug}`,
      {
        schema: {
          summary: `Support action on a journey: ${slug}`,
          tags: ['support'],
          params: Params,
          querystring: Query,
          body: schema,
          response: { 200: z.object({ done: z.string() }), ...errorAnswers(400, 401, 404, 409, 410, 502, 503) },
        },
      },
      async (request) => {
        const { storeId } = request.query;
        const { customerId } = request.params;
        const input = request.body as SupportActionInput<K>;
        const { done } = await answer(() => runSupportAction(gateway, name, storeId, customerId, input));
        // Ids only: `by`, `reason` and `done` are free text that may hold an address.
        request.log.info({ storeId, customerId, action: slug }, 'support action done');
        return { done };
      },
    );
  };
  for (const name of SUPPORT_ACTION_NAMES) registerAction(name);
};
