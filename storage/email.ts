import { createHash } from 'node:crypto';

/**
 * The form an address is compared in: trimmed, NFC and lowercase. Mailbox providers treat local parts
 * case-insensitively in practice, and an unsubscribe typed as Ada@Example.com must stop mail to ada@example.com.
 * Provider-specific rewrites (Gmail dots, +tags) are left alone: they are not universal.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** sha256 (hex) of the normalized address: the only form in which suppressions keep an address. */
export function emailHash(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex');
}
