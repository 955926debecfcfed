import { EventWebhook } from '@sendgrid/eventwebhook';
import { z } from 'zod';
import type { MailReport } from '../../client/mailEventRecorder';
import type { MailEvent } from '../../domain/mailEvents';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

const webhook = new EventWebhook();

/**
 * SendGrid's signed event webhook: ECDSA P-256 over the timestamp header followed by the raw body, checked by
 * SendGrid's own library against the verification key SendGrid shows (base64 DER). A malformed signature is a
 * wrong one.
 */
export function verifySendgridSignature(publicKey: string, raw: Buffer, signature: string, timestamp: string): boolean {
  try {
    return webhook.verifySignature(webhook.convertPublicKeyToECDSA(publicKey), raw, signature, timestamp);
  } catch {
    return false;
  }
}

const SendgridEvent = z
  .object({
    sg_event_id: z.string().min(1),
    event: z.string(),
    email: z.string().min(1),
    timestamp: z.number(),
    /** The Message-ID our send gave the message (SendGrid's SMTP relay echoes it here). */
    'smtp-id': z.string().optional(),
    /** On bounce events: `bounce` (the address was refused) or `blocked` (the message was, for now). */
    type: z.string().optional(),
  })
  .loose();
/** One POST carries a batch of events, each with its own id. */
export const SendgridEvents = z.array(SendgridEvent);

function kindOf({ event, type }: z.infer<typeof SendgridEvent>): MailEvent['kind'] | undefined {
  if (event === 'bounce') return type === 'blocked' ? 'soft-bounce' : 'hard-bounce';
  if (event === 'deferred') return 'soft-bounce';
  if (event === 'spamreport') return 'complaint';
  return undefined;
}

/** One report per event (each deduplicated by its sg_event_id); events Afterglow does not act on report nothing. */
export function sendgridReports(events: z.infer<typeof SendgridEvents>): MailReport[] {
  return events.map((e) => {
    const kind = kindOf(e);
    const detail = [e.event, e.type].filter(Boolean).join('/');
    const occurredAt = new Date(e.timestamp * 1000).toISOString();
    return {
      provider: 'sendgrid',
      eventId: e.sg_event_id,
      events: kind
        ? [{ provider: 'sendgrid', kind, recipient: e.email, messageId: e['smtp-id'], occurredAt, detail }]
        : [],
    };
  });
}
