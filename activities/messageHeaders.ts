import type { ListUnsubscribeLinks } from '../links/listUnsubscribe';

/**
 * Postmark replaces the Message-ID and echoes only metadata in its bounce and complaint webhooks, so a real send
 * also carries its Message-ID as Postmark metadata (api/mailProviders/postmark.ts reads it back). Other relays pass
 * the header on unread; it holds an opaque id only. Postmark limits metadata names to 20 characters.
 */
export const POSTMARK_MESSAGE_ID_FIELD = 'afterglow-message-id';

/**
 * The headers every message carries besides From/To/Subject, for real and test sends alike: Reply-To the store's
 * support address (every template says "reply to this email"), the step and category, the list headers of
 * marketing messages, and (real sends, which the send ledger knows by their Message-ID) that id for Postmark.
 */
export function messageHeaders(input: {
  stepId: string;
  category: string;
  supportEmail: string;
  unsubscribe?: ListUnsubscribeLinks;
  messageId?: string;
}) {
  const headers: Record<string, string> = {
    'X-Afterglow-Step': input.stepId,
    'X-Afterglow-Category': input.category,
    ...input.unsubscribe?.headers,
    ...(input.messageId && { [`X-PM-Metadata-${POSTMARK_MESSAGE_ID_FIELD}`]: input.messageId.replace(/^<|>$/g, '') }),
  };
  return { replyTo: input.supportEmail, headers };
}
