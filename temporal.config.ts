import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { PayloadKeysSchema } from './codec/keyRing';
import { parseEnvStoreKeys } from './credentials/storeKeys';
import { issueLines } from './domain/zodIssues';
import { type TemporalProfile, temporalProfile } from './client/temporalProfile';

/**
 * Afterglow's runtime configuration: read from the environment, validated here, defaults for a laptop.
 * Secrets (TLS keys, API keys, webhook secrets) only ever come from the environment.
 */
const Port = z.coerce.number().int().min(1).max(65_535);

/** `ip:port` or `[ipv6]:port`: the Temporal SDK's metrics exporter binds a socket address and takes no host names. */
const SocketAddress = z.string().refine((value) => {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const port = Number(match[3]);
  return isIP(match[1] ?? match[2]) === (match[1] ? 6 : 4) && port >= 1 && port <= 65_535;
}, 'must be an IP address and port, e.g. 127.0.0.1:9464 or [::1]:9464 (no host names)');

/** Five minutes: what SendGrid and Mailgun suggest, ample for their clocks against ours. */
export const DEFAULT_MAIL_WEBHOOK_MAX_AGE_SECONDS = 300;

const ConfigSchema = z
  .object({
    PORT: Port.default(3000),
    API_HOST: z.string().default('127.0.0.1'),
    // TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the other connection variables: client/temporalProfile.ts.
    TEMPORAL_TASK_QUEUE: z.string().default('afterglow'),
    /** Checked here so a typo fails at start; what they mean is resolved in client/temporalProfile.ts. */
    TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
    TEMPORAL_TLS_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .default('smtp://127.0.0.1:1025'),
    MAIL_FROM: z.string().default('Afterglow Demo Store <hello@afterglow.localhost>'),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    AFTERGLOW_DATA_DIR: z.string().default('data'),
    /** Web UI of the mail catcher `npm start` runs (on 127.0.0.1). */
    MAIL_UI_PORT: Port.default(1080),
    /** PostgreSQL for suppressions, consent and the send ledger; without it, SQLite in the data folder. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    /** Folder holding journeys/, catalog/, stores/ and templates/ (the marketer-edited files). */
    AFTERGLOW_CONTENT_DIR: z.string().default('.'),
    /** The Shopify app's secret, which signs its webhooks (stores with a custom app of their own: AFTERGLOW_WEBHOOK_SECRETS). */
    SHOPIFY_WEBHOOK_SECRET: z.string().optional(),
    /** The secret WooCommerce webhooks are signed with when a store has none of its own in AFTERGLOW_WEBHOOK_SECRETS. */
    WOOCOMMERCE_WEBHOOK_SECRET: z.string().optional(),
    /**
     * Per-store webhook secrets as JSON, `{"shopify":{"<storeId>":"…"},"woocommerce":{…}}` (credentials/webhookSecrets.ts);
     * unset: the data folder's webhook-secrets.json, if any.
     */
    AFTERGLOW_WEBHOOK_SECRETS: z.string().optional(),
    /**
     * Mail providers' bounce and complaint webhooks (docs/integrations/mail-providers.md); each route answers 503 until
     * its provider's variables are set. Amazon SES: the SNS topic ARNs (comma-separated) whose notifications are taken.
     */
    SES_SNS_TOPIC_ARNS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (arns) => arns.every((arn) => /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[\w.-]+$/.test(arn)),
        'each must be an SNS topic ARN, e.g. arn:aws:sns:eu-west-1:123456789012:ses-events',
      )
      .optional(),
    /** SendGrid's signed event webhook: its verification key as SendGrid shows it (base64 DER of the P-256 public key). */
    SENDGRID_WEBHOOK_PUBLIC_KEY: z
      .string()
      .refine((key) => {
        try {
          return (
            createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ec'
          );
        } catch {
          return false;
        }
      }, 'must be the base64 verification key SendGrid shows for the signed event webhook')
      .optional(),
    /** Mailgun's HTTP webhook signing key (Sending → Webhooks). */
    MAILGUN_WEBHOOK_SIGNING_KEY: z.string().min(1).optional(),
    /** Postmark does not sign: its webhook URL carries basic auth (both set), or a custom header X-Afterglow-Webhook-Secret. */
    POSTMARK_WEBHOOK_USER: z.string().min(1).optional(),
    POSTMARK_WEBHOOK_PASSWORD: z.string().min(16, 'must be at least 16 characters').optional(),
    POSTMARK_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** How far a signed webhook's timestamp (SendGrid, Mailgun) may be from now before it is refused as a replay. */
    MAIL_WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().min(30).default(DEFAULT_MAIL_WEBHOOK_MAX_AGE_SECONDS),
    /** The Temporal Web UI's address, for the link in support alerts (npm start sets it); else they link the admin API. */
    TEMPORAL_UI_URL: z.url().optional(),
    /** Signs the body of store alert webhooks (stores/*.yaml alerts.webhookUrl): X-Afterglow-Signature. */
    AFTERGLOW_ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),
    /** Store keys `storeId:key,…` for the store routes (orders, events, consent); also as hashes in stores/*.yaml. */
    AFTERGLOW_API_KEYS: z.string().optional(),
    /** Payload encryption keys `keyId:base64key,…` (32-byte AES-256, `openssl rand -base64 32`); the first encrypts, all decrypt. Unset: no encryption. */
    AFTERGLOW_PAYLOAD_KEYS: PayloadKeysSchema.optional(),
    /**
     * The personal-data vault's master keys, `keyId:base64key,…` like AFTERGLOW_PAYLOAD_KEYS (the first wraps new
     * customer keys, all unwrap). Customers' addresses and names enter Temporal sealed under a key of their own that
     * erasure destroys (docs/privacy.md). Losing these keys loses every journey's addresses: back them up.
     * Unset: personal data enters Temporal unsealed (erasure still deletes the journeys and database rows).
     */
    AFTERGLOW_VAULT_KEYS: PayloadKeysSchema.optional(),
    /** Bearer token of the codec endpoint (/codec/decode, /codec/encode); 32+ characters. Unset: no endpoint. */
    AFTERGLOW_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Local development only (npm start sets it): the UI origins may decode without the token. Refused off loopback. */
    AFTERGLOW_CODEC_TRUST_UI: z.enum(['true', 'false']).default('false'),
    /** Temporal Web UI origins allowed to call the codec endpoint from a browser, comma-separated. */
    AFTERGLOW_CODEC_UI_ORIGINS: z
      .string()
      .default('http://localhost:8233')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    /** Signs unsubscribe links; several comma-separated to rotate (the first signs, all verify). */
    AFTERGLOW_LINK_SECRET: z
      .string()
      .refine((v) => v.split(',').every((s) => s.trim().length >= 32), 'each secret must be at least 32 characters')
      .optional(),
    /**
     * Keys the EmailHash search attribute (credentials/emailSearchHash.ts), so support finds a customer by address
     * without the address in Temporal; 32+ characters. Changing it leaves running journeys findable only by id until
     * their next order. Unset: journeys carry no EmailHash.
     */
    AFTERGLOW_EMAIL_HASH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Address for List-Unsubscribe mailto (a mailbox that processes unsubscribe requests); optional. */
    UNSUBSCRIBE_MAILTO: z.email().optional(),
    /** DKIM signing: all three together. The private key is PEM text (newlines may be written as \n). */
    DKIM_DOMAIN: z.string().optional(),
    DKIM_SELECTOR: z.string().optional(),
    DKIM_PRIVATE_KEY: z.string().optional(),
    /**
     * Global send-rate limit: activities per second on the journey task queue, enforced by the Temporal server
     * across all workers (maxTaskQueueActivitiesPerSecond). Set it to the mail provider's limit. Almost every
     * activity is a send; planning adds one per order. Unset: no limit.
     */
    AFTERGLOW_SEND_RATE_LIMIT: z.coerce.number().positive().optional(),
    /** Sends one worker runs at once (maxConcurrentActivityTaskExecutions); the SMTP pool's connections bound it too. */
    AFTERGLOW_WORKER_CONCURRENT_SENDS: z.coerce.number().int().positive().optional(),
    /** Threads running workflow code in one worker (workflowThreadPoolSize; default 2 on two or more cores, else 1): the morning wave's limit is one core per thread. */
    AFTERGLOW_WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    /** Journeys a worker keeps in memory (maxCachedWorkflows, about 1 MB each); others are replayed when they wake. */
    AFTERGLOW_WORKER_CACHED_JOURNEYS: z.coerce.number().int().min(0).optional(),
    /** Where the worker serves the Temporal SDK's Prometheus metrics (GET /metrics, no auth: keep it internal). Unset: none. */
    WORKER_METRICS_ADDRESS: SocketAddress.optional(),
    /**
     * `full`: support can search by NextMessageAt, at about one search-attribute upsert (a billed action on Temporal
     * Cloud) per email. `lean`: no NextMessageAt and a coarser JourneyStage, for about 3 upserts per journey. `off`:
     * none, for a server that cannot register them (Temporal's time-skipping test server).
     */
    AFTERGLOW_SEARCH_ATTRIBUTES: z.enum(['full', 'lean', 'off']).default('full'),
    /** How long the report's facts (orders, message outcomes, clicks) are kept; older ones are deleted hourly by the API. */
    AFTERGLOW_FACT_RETENTION_DAYS: z.coerce.number().int().min(30).default(730),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.AFTERGLOW_CODEC_TRUST_UI === 'true' && !['127.0.0.1', 'localhost', '::1'].includes(env.API_HOST))
      ctx.addIssue({
        code: 'custom',
        path: ['AFTERGLOW_CODEC_TRUST_UI'],
        message: 'only for an API bound to loopback (API_HOST)',
      });
    try {
      parseEnvStoreKeys(env.AFTERGLOW_API_KEYS);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['AFTERGLOW_API_KEYS'], message: (err as Error).message });
    }
    const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY].filter(Boolean).length;
    if (dkim !== 0 && dkim !== 3)
      ctx.addIssue({
        code: 'custom',
        path: ['DKIM_PRIVATE_KEY'],
        message: 'set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together',
      });
    if (!!env.POSTMARK_WEBHOOK_USER !== !!env.POSTMARK_WEBHOOK_PASSWORD)
      ctx.addIssue({
        code: 'custom',
        path: ['POSTMARK_WEBHOOK_PASSWORD'],
        message: 'set POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD together',
      });
    if (!!env.TEMPORAL_TLS_CERT_PATH !== !!env.TEMPORAL_TLS_KEY_PATH)
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_KEY_PATH'],
        message: 'set TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH together',
      });
  });

export type Config = z.infer<typeof ConfigSchema> & {
  contentDir: string;
  dataDir: string;
  /** How to reach Temporal; TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are its address and namespace. */
  temporal: TemporalProfile;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
};

/** The link secrets, first one signing; a worker or API that sends or serves unsubscribe links needs them. */
export function linkSecrets(config: Pick<Config, 'AFTERGLOW_LINK_SECRET'>): string[] {
  if (!config.AFTERGLOW_LINK_SECRET)
    throw new ConfigError(
      'AFTERGLOW_LINK_SECRET is not set: it signs unsubscribe links (32+ random characters; `npm start` makes one)',
    );
  return config.AFTERGLOW_LINK_SECRET.split(',').map((s) => s.trim());
}

/** DKIM key from the environment, if configured. */
export function dkimKey(config: Pick<Config, 'DKIM_DOMAIN' | 'DKIM_SELECTOR' | 'DKIM_PRIVATE_KEY'>) {
  if (!config.DKIM_DOMAIN || !config.DKIM_SELECTOR || !config.DKIM_PRIVATE_KEY) return undefined;
  return {
    domainName: config.DKIM_DOMAIN,
    keySelector: config.DKIM_SELECTOR,
    privateKey: config.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n'),
  };
}

class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = issueLines(parsed.error, '(environment)').map((line) => `  ${line}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const root = path.resolve(__dirname);
  let temporal: TemporalProfile;
  try {
    temporal = temporalProfile(env);
  } catch (err) {
    throw new ConfigError(`Invalid Temporal connection settings: ${(err as Error).message}`, { cause: err });
  }
  return {
    ...parsed.data,
    temporal,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    contentDir: path.resolve(root, parsed.data.AFTERGLOW_CONTENT_DIR),
    dataDir: path.resolve(root, parsed.data.AFTERGLOW_DATA_DIR),
  };
}
