import { createHash } from 'node:crypto';

/** The domain part of a From header: "Shop <hello@shop.example>" → "shop.example". */
export function senderDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match ? match[1] : 'afterglow.localhost';
}

/**
 * A deterministic Message-ID: the same message retried (or resent by a restarted worker) carries the same id,
 * so a mailbox, the SMTP sink and the send ledger recognise it. Ids only: no personal data is hashed in.
 */
export function messageIdFor(workflowId: string, messageKey: string, domain: string): string {
  const digest = createHash('sha256').update(`${workflowId}\n${messageKey}`).digest('hex').slice(0, 32);
  return `<${digest}@${domain}>`;
}
