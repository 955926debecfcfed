import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * Headers DKIM signs: nodemailer's RFC 4871 list plus List-Unsubscribe-Post, which Gmail and Yahoo require to be
 * signed (with List-Unsubscribe) before they honour one-click unsubscribe.
 */
const DKIM_SIGNED_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:' +
  'In-Reply-To:References:List-Id:List-Help:List-Unsubscribe:List-Unsubscribe-Post:List-Subscribe:List-Post:' +
  'List-Owner:List-Archive';

/** The one SMTP connection pool of a worker: connections are reused across sends instead of one per email. */
export function createMailTransport(smtpUrl: string, options: { maxConnections?: number; dkim?: DkimKey } = {}) {
  const url = new URL(smtpUrl);
  const config: SMTPPool.Options = {
    pool: true,
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    maxConnections: options.maxConnections ?? 5,
    // A local catcher has no certificate; anything remote must present a valid one.
    ignoreTLS: ['127.0.0.1', 'localhost', '::1'].includes(url.hostname),
    dkim: options.dkim && { ...options.dkim, headerFieldNames: DKIM_SIGNED_HEADERS },
  };
  return nodemailer.createTransport(config);
}
/** What the send activity needs of a sender: SMTP in production, a recorder in simulations. */
export interface MailTransport {
  sendMail(mail: Mail.Options): Promise<{ response?: string }>;
  close(): void;
}

/** 5xx answers (unknown mailbox, policy rejection) will not succeed on retry. */
export function isPermanentSmtpFailure(err: unknown): err is Error & { responseCode: number } {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
