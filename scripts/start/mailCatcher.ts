import type { Service } from './processes';

/** Where to run the mail catcher's SMTP server: SMTP_URL's port when it is plain SMTP on this machine, else nowhere. */
export function localSmtpEndpoint(smtpUrl: string): { host: string; port: number } | undefined {
  const url = new URL(smtpUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'smtp:' || !['127.0.0.1', 'localhost', '::1'].includes(host)) return undefined;
  return { host, port: Number(url.port || 25) };
}

/**
 * maildev in this process: SMTP on the given endpoint, web UI on 127.0.0.1:`webPort` (MAIL_UI_PORT). Mail is kept
 * in memory only: maildev 3.0.0's `mailDirectory` restores every stored message twice on each restart.
 */
export async function startMailCatcher(smtp: { host: string; port: number }, webPort: number): Promise<Service> {
  // maildev 3 is ESM-only: a dynamic import keeps this CommonJS file able to load it.
  const { MailDev } = await import('maildev');
  const maildev = new MailDev({
    ip: smtp.host,
    smtp: smtp.port,
    webIp: '127.0.0.1',
    web: webPort,
    silent: true,
  });
  await maildev.start();
  return { name: 'mail', stop: () => maildev.stop() };
}
