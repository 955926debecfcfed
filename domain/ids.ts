import { z } from 'zod';

/**
 * Free text from a store (names, product titles): well-formed Unicode, since a lone UTF-16 surrogate cannot be
 * encoded as UTF-8 and used to fail deep inside gRPC with a 500, and no control characters but tab and newline.
 */
export function cleanText(max: number) {
  return (
    z
      .string()
      .max(max)
      .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)')
      // eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
      .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s), 'must not hold control characters')
  );
}

/**
 * An identifier from a store (customer, order, SKU). Ids become workflow ids, search attribute values and log fields:
 * not blank, no surrounding spaces, no control or invisible characters, well-formed Unicode.
 */
export function identifier(max = 200) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max)
    .superRefine((s, ctx) => {
      const problem = identifierProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** The first thing wrong with an identifier, for one clear message per field. */
function identifierProblem(s: string): string | undefined {
  if (s.length > 0 && s.trim().length === 0) return 'must not be blank';
  if (!s.isWellFormed()) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(s)) return 'must not hold control characters';
  if (/\p{Cf}/u.test(s)) return 'must not hold invisible formatting characters (zero-width spaces, direction marks)';
  if (s.trim() !== s) return 'must not start or end with spaces';
  return undefined;
}

/** A store id: also part of workflow ids, List-Ids and file names, so a narrow alphabet. */
export const StoreId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only');

export const CustomerId = identifier(200);
export const OrderId = identifier(200);
