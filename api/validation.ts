import type { FastifyError, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { type ApiError, invalidRequest, issuesOf } from './errors';

/**
 * The parts of a request a route's zod schemas check, in the order fastify checks them, with the prefix of their
 * issue paths: a body's fields are named as the client wrote them ("customer.email"), the other parts' under the
 * part's name ("query.storeId"), since they may share a name with a body field.
 */
const PARTS = [
  { part: 'params', prefix: 'params', value: (request: FastifyRequest) => request.params },
  { part: 'body', prefix: undefined, value: (request: FastifyRequest) => request.body },
  { part: 'querystring', prefix: 'query', value: (request: FastifyRequest) => request.query },
  { part: 'headers', prefix: 'headers', value: (request: FastifyRequest) => request.headers },
] as const;

/** Checks each part of a request against the route's zod schema for it (fastify calls this once per route and part). */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  };

/**
 * A request fastify refused on a schema, as the 400 that lists every invalid field. Fastify stops at the first
 * invalid part; the parts after it are still as sent, so they are checked here too (the ones before it passed).
 * Undefined for any other error.
 */
export function invalidInput(err: FastifyError, request: FastifyRequest): ApiError | undefined {
  if (err.code !== 'FST_ERR_VALIDATION') return undefined;
  const schemas = (request.routeOptions.schema ?? {}) as Partial<Record<(typeof PARTS)[number]['part'], z.ZodType>>;
  const from = PARTS.findIndex(({ part }) => part === err.validationContext);
  return invalidRequest(
    PARTS.slice(Math.max(from, 0)).flatMap(({ part, prefix, value }) => {
      // Fastify hands an absent part to its validator as null.
      const result = schemas[part]?.safeParse(value(request) ?? null);
      return result?.success === false ? issuesOf(result.error, prefix) : [];
    }),
  );
}
