import type { ListUnsubscribeLinks } from '../links/listUnsubscribe';

/**
 * The headers every message carries besides From/To/Subject, for real and test sends alike: Reply-To the store's
 * support address (every template says "reply to this email"), the step and category, and the list headers of
 * marketing messages.
 */
export function messageHeaders(input: { stepId: string; category: string; supportEmail: string; unsubscribe?: ListUnsubscribeLinks }) {
  return {
    replyTo: input.supportEmail,
    headers: { 'X-Afterglow-Step': input.stepId, 'X-Afterglow-Category': input.category, ...input.unsubscribe?.headers } as Record<string, string>,
  };
}
