import { z } from 'zod';
import { errorAnswers } from '../routeSchemas';

/**
 * The document's description of a mail provider's webhook: its body is read by the route itself, from the raw bytes
 * its signature covers, so fastify never checks it (api/openapi.ts, readByHandler).
 */
export const mailWebhookSchema = (summary: string, body: z.ZodType) => ({
  summary,
  tags: ['webhooks'],
  readByHandler: { body },
  response: {
    200: z.looseObject({}).meta({ description: 'taken (a duplicate is taken again, harmlessly)' }),
    ...errorAnswers(400, 401, 403, 413, 503),
  },
});
