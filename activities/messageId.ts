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

/**
 * The workflow and message a send ledger key (`workflowId:messageKey`) names, given the Message-ID sent under it:
 * ids may hold ':' themselves, so the split is the one whose digest is the Message-ID's.
 */
export function ledgerKeyParts(key: string, messageId: string): { workflowId: string; messageKey: string } | undefined {
  const digest = /^<?([0-9a-f]{32})@/.exec(messageId)?.[1];
  for (let at = key.indexOf(':'); digest && at !== -1; at = key.indexOf(':', at + 1)) {
    const [workflowId, messageKey] = [key.slice(0, at), key.slice(at + 1)];
    if (messageIdFor(workflowId, messageKey, 'x').startsWith(`<${digest}@`)) return { workflowId, messageKey };
  }
  return undefined;
}
