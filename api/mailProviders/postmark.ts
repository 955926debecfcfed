import { z } from 'zod';
import { POSTMARK_MESSAGE_ID_FIELD } from '../../activities/messageHeaders';
import type { MailReport } from '../../client/mailEventRecorder';
import type { MailEvent } from '../../domain/mailEvents';
import type { Config } from '../../temporal.config';
import { sameSecret } from './checks';

const SECRET_HEADER = 'x-afterglow-webhook-secret';

/**
 * Postmark does not sign its webhooks: the URL configured there carries basic auth, or the webhook sends a custom
 * header with a shared secret. Either, when configured, lets a request in; both are compared in constant time.
 */
export function postmarkAuthorized(
  headers: { authorization?: string; [SECRET_HEADER]?: string | string[] },
  config: Pick<Config, 'POSTMARK_WEBHOOK_USER' | 'POSTMARK_WEBHOOK_PASSWORD' | 'POSTMARK_WEBHOOK_SECRET'>,
): boolean {
  const { POSTMARK_WEBHOOK_USER: user, POSTMARK_WEBHOOK_PASSWORD: password, POSTMARK_WEBHOOK_SECRET: secret } = config;
  const given = headers[SECRET_HEADER];
  if (secret && typeof given === 'string' && sameSecret(given, secret)) return true;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.authorization ?? '')?.[1];
  return !!(
    user &&
    password &&
    basic &&
    sameSecret(Buffer.from(basic, 'base64').toString('utf8'), `${user}:${password}`)
  );
}

/** Bounce and SpamComplaint records (the only record types the webhook should be subscribed to). */
export const PostmarkRecord = z
  .object({
    RecordType: z.string(),
    /** The bounce's id: what Postmark's retries repeat. */
    ID: z.union([z.number().int(), z.string().min(1)]),
    Type: z.string(),
    Email: z.string().min(1),
    BouncedAt: z.iso.datetime({ offset: true }),
    Metadata: z.record(z.string(), z.string()).optional(),
  })
  .loose();

/** Postmark's bounce types (its TypeCode names) as what Afterglow does about them; the rest (auto-responders…) are not acted on. */
const KINDS: Record<string, MailEvent['kind']> = {
  HardBounce: 'hard-bounce',
  BadEmailAddress: 'hard-bounce',
  SoftBounce: 'soft-bounce',
  Transient: 'soft-bounce',
  DnsError: 'soft-bounce',
  Blocked: 'soft-bounce',
  SpamComplaint: 'complaint',
};

export function postmarkReport(record: z.infer<typeof PostmarkRecord>): MailReport {
  const kind = record.RecordType === 'Bounce' || record.RecordType === 'SpamComplaint' ? KINDS[record.Type] : undefined;
  const occurredAt = new Date(record.BouncedAt).toISOString();
  const messageId = record.Metadata?.[POSTMARK_MESSAGE_ID_FIELD];
  const events: MailEvent[] = kind
    ? [
        {
          provider: 'postmark',
          kind,
          recipient: record.Email,
          messageId,
          occurredAt,
          detail: `${record.RecordType}/${record.Type}`,
        },
      ]
    : [];
  return { provider: 'postmark', eventId: `${record.RecordType}:${record.ID}`, events };
}
