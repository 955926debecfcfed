import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks Shopify's `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body bytes (re-serialised JSON would not
 * match). The base64 texts are compared, in constant time, so a lenient base64 decode cannot accept a variant.
 */
export function verifyShopifyHmac(rawBody: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || header.length === 0) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(header);
  // timingSafeEqual throws on unequal lengths; the length of a SHA-256 digest is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
