import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { ErrorBody } from './errors';

type ErrorAnswer = { description: string; content: { 'application/json': { schema: typeof ErrorBody } } };

/** The error answers a route can give, each in the one error shape (api/errors.ts). */
export function errorAnswers<S extends number>(...statuses: S[]): Record<S, ErrorAnswer> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: STATUS_CODES[status] ?? String(status), content: { 'application/json': { schema: ErrorBody } } },
    ]),
  ) as Record<S, ErrorAnswer>;
}

/** An HTML page (the link pages, /preview, /report): documented by its media type; pages are not serialized. */
export const htmlPage = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
});

/** A signed link's token, the whole authorization of the link routes (/u, /a, /c, /o). */
export const TokenParams = z.object({ token: z.string().meta({ description: 'the signed token of the link' }) });

/** What a store's order or event started or reached: the customer's journey. */
export const JourneyAccepted = z
  .object({ workflowId: z.string() })
  .meta({ description: "Accepted: the customer's journey (`customer/<storeId>/<customerId>`) has it" });
