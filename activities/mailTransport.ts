import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/** The one SMTP connection pool of a worker: connections are reused across sends instead of one per email. */
export function createMailTransport(smtpUrl: string, options: { maxConnections?: number } = {}) {
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
  };
  return nodemailer.createTransport(config);
}
export type MailTransport = ReturnType<typeof createMailTransport>;

/** 5xx answers (unknown mailbox, policy rejection) will not succeed on retry. */
export function isPermanentSmtpFailure(err: unknown): err is Error & { responseCode: number } {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
