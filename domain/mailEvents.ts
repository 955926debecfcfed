import { z } from 'zod';

const mailProviders = ['ses', 'sendgrid', 'mailgun', 'postmark'] as const;
export type MailProvider = (typeof mailProviders)[number];

/**
 * What a provider reported about one recipient of one message, in one shape whatever the provider (each route maps
 * its own payload to it). `kind` is what matters to Afterglow; what the provider said in its own words (bounce type,
 * complaint feedback type) is kept in `detail`, never with the address.
 */
export interface MailEvent {
  provider: MailProvider;
  kind: 'hard-bounce' | 'soft-bounce' | 'complaint';
  /** The recipient: used to block the address (hashed) and never stored, logged or signalled as is. */
  recipient: string;
  /** The Message-ID our send put on the message, as the provider echoes it (with or without the angle brackets). */
  messageId?: string;
  occurredAt: string;
  /** The provider's words for it: "Permanent/General", "HardBounce", "abuse". Ids and codes only. */
  detail: string;
}

/** What the journey is told about one of its messages (through the outbox): ids and the provider's words only. */
export const MessageDelivery = z.object({
  messageKey: z.string().min(1),
  messageId: z.string().min(1),
  provider: z.enum(mailProviders),
  kind: z.enum(['hard-bounce', 'soft-bounce', 'complaint']),
  occurredAt: z.iso.datetime({ offset: true }),
  detail: z.string(),
});
export type MessageDelivery = z.infer<typeof MessageDelivery>;

/** `<id@host>` whatever way the provider echoes it ("id@host", "<id@host>", with spaces). */
export function normalMessageId(raw: string): string {
  const bare = raw.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}
