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

/** A sender that keeps what it is given instead of sending it: simulations see exactly what customers would. */
export function recordingTransport(): MailTransport & { mails: RecordedMail[] } {
  const mails: RecordedMail[] = [];
  return {
    mails,
    async sendMail(mail: Mail.Options) {
      mails.push({
        to: String(mail.to),
        subject: String(mail.subject),
        html: String(mail.html),
        text: String(mail.text),
        messageId: String(mail.messageId),
        headers: (mail.headers ?? {}) as Record<string, string>,
      });
      return { response: '250 recorded' };
    },
    close() {},
  };
}
