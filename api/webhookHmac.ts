import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a webhook signature sent as the base64 HMAC-SHA256 of the raw body bytes, as Shopify
 * (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`) both sign (re-serialised JSON would not match).
 * The base64 texts are compared, in constant time, so a lenient base64 decode cannot accept a variant.
 */
export function verifyBase64HmacSha256(
  rawBody: Buffer,
  header: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || header.length === 0) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(header);
  // timingSafeEqual throws on unequal lengths; the length of a SHA-256 digest is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
