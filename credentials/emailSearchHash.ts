import { createHmac } from 'node:crypto';
import { normalizeEmail } from '../storage/email';

/**
 * What the EmailHash search attribute holds: HMAC-SHA256 (hex) of the normalised address. Keyed, because visibility
 * is readable by anyone with namespace access and a plain sha256 of an address is reversed by hashing a list of
 * known addresses; without the secret the hash says nothing. Support's tools compute it from what they type.
 */
export function emailSearchHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(normalizeEmail(email)).digest('hex');
}
