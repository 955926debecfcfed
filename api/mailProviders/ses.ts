import { z } from 'zod';
import type { MailReport } from '../../client/mailEventRecorder';
import type { MailEvent } from '../../domain/mailEvents';

/** An SNS HTTP(S) delivery: its fields are read to check its signature, nothing else is before that. */
export const SnsEnvelope = z
  .object({
    Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
    MessageId: z.string().min(1),
    TopicArn: z.string().min(1),
    Message: z.string(),
    Timestamp: z.string(),
    Subject: z.string().optional(),
    SubscribeURL: z.string().optional(),
    Token: z.string().optional(),
    SignatureVersion: z.string(),
    Signature: z.string().min(1),
    SigningCertURL: z.string().min(1),
  })
  .loose();
export type SnsEnvelope = z.infer<typeof SnsEnvelope>;

const Recipients = z.array(z.object({ emailAddress: z.string().min(1) }).loose()).min(1);
const Timestamp = z.iso.datetime({ offset: true });

/** SES's bounce and complaint notifications (identity notifications use notificationType, event publishing eventType). */
const SesMessage = z
  .object({
    notificationType: z.string().optional(),
    eventType: z.string().optional(),
    bounce: z
      .object({
        bounceType: z.string(),
        bounceSubType: z.string(),
        bouncedRecipients: Recipients,
        timestamp: Timestamp,
      })
      .loose()
      .optional(),
    complaint: z
      .object({ complainedRecipients: Recipients, timestamp: Timestamp, complaintFeedbackType: z.string().optional() })
      .loose()
      .optional(),
    mail: z.object({ commonHeaders: z.object({ messageId: z.string().optional() }).loose().optional() }).loose(),
  })
  .loose();

function messageOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // SES's own "Successfully validated SNS topic" notice, and anything else not an SES event.
    return undefined;
  }
}

/**
 * An SES notification as the events it reports, one per recipient: a Permanent bounce is hard, Transient and
 * Undetermined ones soft; a complaint is a complaint. The Message-ID our send set is in the common headers. Other
 * notifications (deliveries, sends, opens) report nothing. Throws a ZodError (400) for a malformed bounce or complaint.
 */
export function sesReport(envelope: SnsEnvelope): MailReport {
  const raw = messageOf(envelope.Message) as { notificationType?: unknown; eventType?: unknown } | undefined;
  const type = raw?.notificationType ?? raw?.eventType;
  const report: MailReport = { provider: 'ses', eventId: envelope.MessageId, events: [] };
  if (type !== 'Bounce' && type !== 'Complaint') return report;
  const ses = SesMessage.parse(raw);
  const messageId = ses.mail.commonHeaders?.messageId;
  const event = (recipient: string, kind: MailEvent['kind'], at: string, detail: string): MailEvent => ({
    provider: 'ses',
    kind,
    recipient,
    messageId,
    occurredAt: new Date(at).toISOString(),
    detail,
  });
  if (type === 'Bounce' && ses.bounce) {
    const { bounceType, bounceSubType, bouncedRecipients, timestamp } = ses.bounce;
    const kind = bounceType === 'Permanent' ? 'hard-bounce' : 'soft-bounce';
    report.events = bouncedRecipients.map((r) =>
      event(r.emailAddress, kind, timestamp, `Bounce/${bounceType}/${bounceSubType}`),
    );
  }
  if (type === 'Complaint' && ses.complaint) {
    const { complainedRecipients, timestamp, complaintFeedbackType } = ses.complaint;
    report.events = complainedRecipients.map((r) =>
      event(r.emailAddress, 'complaint', timestamp, ['Complaint', complaintFeedbackType].filter(Boolean).join('/')),
    );
  }
  return report;
}
