import type Mail from 'nodemailer/lib/mailer';
import type { MailTransport } from '../activities/mailTransport';

export interface RecordedMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/** The activity passes strings; anything else is kept readable rather than as "[object Object]". */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A sender that keeps what it is given instead of sending it: simulations see exactly what customers would. */
export function recordingTransport(): MailTransport & { mails: RecordedMail[] } {
  const mails: RecordedMail[] = [];
  return {
    mails,
    async sendMail(mail: Mail.Options) {
      mails.push({
        to: asText(mail.to),
        subject: asText(mail.subject),
        html: asText(mail.html),
        text: asText(mail.text),
        messageId: asText(mail.messageId),
        headers: (mail.headers ?? {}) as Record<string, string>,
      });
      return { response: '250 recorded' };
    },
    close() {},
  };
}
