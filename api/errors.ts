import { z } from 'zod';
import { fieldIssues } from '../domain/zodIssues';

/** Every error answer has this one shape, so clients branch on `error` and show `message`. */
export const ErrorCode = z.enum([
  'invalid_request',
  'malformed_json',
  'bad_request',
  'invalid_signature',
  'stale_signature',
  'replayed_signature',
  'unknown_topic',
  'not_found',
  'journey_not_found',
  'customer_not_found',
  'customer_erased',
  'privacy_request_not_found',
  'support_action_rejected',
  'support_action_failed',
  'search_unavailable',
  'payload_too_large',
  'unsupported_media_type',
  'webhook_not_configured',
  'unauthorized',
  'forbidden_origin',
  'forbidden_store',
  'duplicate_webhook',
  'temporal_unavailable',
  'provider_unavailable',
  'database_unavailable',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Issue = z.object({
  path: z.string().meta({
    description:
      'Dotted path into the body, e.g. "customer.email" or "lineItems.0.sku"; "(body)" for the body itself; "query.…", "params.…" and "headers.…" for the other parts',
  }),
  message: z.string(),
});
export type Issue = z.infer<typeof Issue>;

export const ErrorBody = z.object({ error: ErrorCode, message: z.string(), issues: z.array(Issue).optional() }).meta({
  id: 'Error',
  description: 'Refused or failed: `error` to branch on, `message` to show, `issues` for each invalid field',
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return this.issues
      ? { error: this.code, message: this.message, issues: this.issues }
      : { error: this.code, message: this.message };
  }
}

/** A 400 naming every invalid field (messages only: values are never echoed). */
export function invalidRequest(issues: Issue[]): ApiError {
  return new ApiError(
    400,
    'invalid_request',
    `${issues.length} invalid field${issues.length === 1 ? '' : 's'}`,
    issues,
  );
}

/** A zod error's issues as dotted paths, under `part` ("query.storeId") or, without one, into the body. */
export function issuesOf(error: z.ZodError, part?: string): Issue[] {
  return fieldIssues(error, part ?? '(body)', part === undefined ? [] : [part]);
}

/** Validates with a zod schema; on failure lists every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(issuesOf(result.error));
}
