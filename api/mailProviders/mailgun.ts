import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { MailReport } from '../../client/mailEventRecorder';
import type { MailEvent } from '../../domain/mailEvents';

/** What Mailgun signs with, inside the body: HMAC-SHA256 of timestamp + token under the webhook signing key. */
export const MailgunSignature = z.object({
  timestamp: z.string().regex(/^\d+$/, 'seconds since the epoch'),
  token: z.string().min(1),
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'a hex HMAC-SHA256'),
});

export const MailgunWebhook = z.object({
  signature: MailgunSignature,
  'event-data': z
    .object({
      id: z.string().min(1),
      event: z.string(),
      severity: z.string().optional(),
      reason: z.string().optional(),
      timestamp: z.number(),
      recipient: z.string().min(1),
      message: z
        .object({ headers: z.object({ 'message-id': z.string().optional() }).loose() })
        .loose()
        .optional(),
    })
    .loose(),
});
export type MailgunWebhook = z.infer<typeof MailgunWebhook>;

export function verifyMailgunSignature(
  { timestamp, token, signature }: z.infer<typeof MailgunSignature>,
  signingKey: string,
): boolean {
  const expected = createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest();
  return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
}

/**
 * Mailgun's `failed` event is a bounce, hard when its severity is permanent (Mailgun gave up, or suppressed it for
 * an earlier bounce) and soft when temporary (it will retry); `complained` is a complaint. Other events (delivered,
 * opened…) are not reports Afterglow acts on.
 */
export function mailgunReport({ 'event-data': data }: MailgunWebhook): MailReport {
  const kind: MailEvent['kind'] | undefined =
    data.event === 'complained'
      ? 'complaint'
      : data.event === 'failed'
        ? data.severity === 'permanent'
          ? 'hard-bounce'
          : 'soft-bounce'
        : undefined;
  const detail = [data.event, data.severity, data.reason].filter(Boolean).join('/');
  const events: MailEvent[] = kind
    ? [
        {
          provider: 'mailgun',
          kind,
          recipient: data.recipient,
          messageId: data.message?.headers['message-id'],
          occurredAt: new Date(data.timestamp * 1000).toISOString(),
          detail,
        },
      ]
    : [];
  return { provider: 'mailgun', eventId: data.id, events };
}
