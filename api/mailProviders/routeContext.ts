import type { MailReport, RecordMailReport } from '../../client/mailEventRecorder';
import type { WebhookDeliveryStore } from '../../storage/webhookDeliveries';
import type { Config } from '../../temporal.config';
import { ApiError } from '../errors';

export type MailWebhookConfig = Pick<
  Config,
  | 'SES_SNS_TOPIC_ARNS'
  | 'SENDGRID_WEBHOOK_PUBLIC_KEY'
  | 'MAILGUN_WEBHOOK_SIGNING_KEY'
  | 'POSTMARK_WEBHOOK_USER'
  | 'POSTMARK_WEBHOOK_PASSWORD'
  | 'POSTMARK_WEBHOOK_SECRET'
  | 'MAIL_WEBHOOK_MAX_AGE_SECONDS'
>;

export interface MailWebhookOptions {
  record: RecordMailReport;
  config: MailWebhookConfig;
  /** Remembers signature tokens (Mailgun), so a captured request cannot be sent again. */
  deliveries: WebhookDeliveryStore;
  now?: () => number;
  /** Fetches an SNS certificate or confirms a subscription: text of an https URL (tests give a local one). */
  snsFetch?: SnsFetch;
}

/** GETs an https URL and answers its body as text (only ever called with a URL on an Amazon SNS host). */
export type SnsFetch = (url: URL) => Promise<string>;

/** What each provider's route needs: its settings, the clock, and how to act on a verified report. */
export interface MailRouteContext extends Required<MailWebhookOptions> {
  /** Acts on the report and answers the provider (200 whatever came of it: a 2xx is all providers want). */
  accept: (report: MailReport, log: { info: (obj: object, msg: string) => void }) => Promise<{ duplicate: boolean }>;
}

/** 503 naming the variables to set: the provider is not connected yet (and nothing unsigned is ever taken instead). */
export function notConfigured(provider: string, variables: string): ApiError {
  return new ApiError(503, 'webhook_not_configured', `${provider} webhooks are not configured: set ${variables}`);
}
