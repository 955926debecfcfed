import type { PayloadCodec } from '@temporalio/common';
import fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { PreferenceService } from '../links/preferences';
import { MAX_TOKEN_LENGTH } from '../links/signedToken';
import { type Config, DEFAULT_MAIL_WEBHOOK_MAX_AGE_SECONDS } from '../temporal.config';
import type { ErrorBody } from './errors';
import { registerErrorHandlers } from './errorHandlers';
import { registerOpenApi, registerOpenApiRoutes } from './openapi';
import type { JourneyGateway } from './journeyGateway';
import { type LogStream, loggerOptions } from './logger';
import { eventRoutes } from './routes/events';
import { orderRoutes } from './routes/orders';
import { shopifyWebhookRoutes } from './routes/shopifyWebhooks';
import { wooCommerceWebhookRoutes } from './routes/woocommerceWebhooks';
import { sendPage, unsubscribeRoutes } from './routes/unsubscribe';
import { codecRoutes } from './routes/codec';
import { consentRoutes } from './routes/consent';
import type { RecordConsentChange } from '../client/consentRecorder';
import { type SupportRouteOptions, supportRoutes } from './routes/support';
import { previewRoutes, type PreviewRouteOptions } from './routes/preview';
import { type StoreKeyring, storeKeyring } from '../credentials/storeKeys';
import type { WebhookDeliveryStore } from '../storage/webhookDeliveries';
import type { WebhookResourceVersions } from '../storage/webhookResourceVersions';
import { type PerStoreWebhookSecrets, webhookSecretFor } from '../credentials/webhookSecrets';
import type { PrivacyRequests } from '../privacy/privacyRequests';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { answerRoutes, type AnswerRouteOptions } from './routes/answers';
import { answersAdminRoutes } from './routes/answersAdmin';
import type { AnswerStore } from '../storage/answers';
import { storeAuth } from './storeAuth';
import { declareSecurity, STORE_KEY } from './securitySchemes';
import { clickRoutes } from './routes/clicks';
import { reportRoutes, type ReportRouteOptions } from './routes/reports';
import type { FactStore } from '../measurement/facts';
import type { ApiMetrics } from '../metrics/apiMetrics';
import { metricsRoutes } from './routes/metrics';
import type { RecordMailReport } from '../client/mailEventRecorder';
import type { MailWebhookConfig, SnsFetch } from './mailProviders/routeContext';
import { mailWebhookRoutes } from './routes/mailWebhooks';
import { type PrivacyRouteOptions, privacyRoutes } from './routes/privacy';

/** Orders are a few KiB; a Shopify order with hundreds of line items stays well under this. */
const DEFAULT_BODY_LIMIT = 256 * 1024;

export interface ServerOptions {
  gateway: JourneyGateway;
  /** The store keys (credentials/storeKeys.ts); read on every store request, so a revoked key stops at once. None: every store request gets 401. */
  storeKeys?: () => StoreKeyring;
  /** Dependencies /readyz checks (Temporal, the database); none: /readyz answers ready. */
  readiness?: Record<string, ReadinessCheck>;
  /** Remembers webhook deliveries, so a signed one replayed under another shop is refused. */
  webhookDeliveries?: WebhookDeliveryStore;
  /** The newest platform time applied per resource of a store's webhooks, so a stale delivery changes nothing. */
  webhookResources?: WebhookResourceVersions;
  /** Stores' own webhook secrets (a Shopify custom app), over the platform's app-level one in `config`. */
  webhookSecrets?: PerStoreWebhookSecrets;
  /** Where Shopify's privacy webhooks go (customers/data_request, customers/redact, shop/redact); none: they get 503. */
  privacyRequests?: PrivacyRequests;
  /** The customer an order was placed for, and the customers of an address, for webhooks that name no customer id (default: `facts`). */
  customerLookup?: Pick<FactStore, 'customerOfOrder' | 'customersOfEmail'>;
  /** The clock store-reported times are checked against (tests pin it). */
  now?: () => number;
  config: Pick<
    Config,
    'SHOPIFY_WEBHOOK_SECRET' | 'WOOCOMMERCE_WEBHOOK_SECRET' | 'AFTERGLOW_EMAIL_HASH_SECRET' | 'LOG_LEVEL'
  > &
    Partial<MailWebhookConfig>;
  /** `false` silences logs; `{ stream }` captures them. Default: JSON lines on stdout at config.LOG_LEVEL. */
  logger?: false | { stream: LogStream };
  /** Largest accepted request body in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** With linkSecrets, serves the unsubscribe link of marketing emails (/u/{token}). */
  preferences?: PreferenceService;
  /** Secrets that sign the /u/{token} links, newest first (the first signs, all verify). */
  linkSecrets?: string[];
  /** With linkSecrets, serves the answer links of feedback and win-back emails (/a/{token}). */
  answers?: Omit<AnswerRouteOptions, 'secrets'>;
  /** With `support`, serves GET /v1/answers (admin). */
  answerStore?: AnswerStore;
  /** With linkSecrets, serves the tracked links of emails (/c/{token}) and records their clicks; also finds the customer of an order for webhooks. */
  facts?: FactStore;
  /** Serves the reports: /v1/reports/… (admin token) and the /report page (admin token, also as Basic password). */
  reports?: ReportRouteOptions;
  /** Serves POST /v1/consent: marketing consent changes reported by the store. */
  recordConsent?: RecordConsentChange;
  /** Serves POST /codec/{encode,decode} for the Temporal Web UI and CLI (admin token required). */
  codec?: { codec: PayloadCodec; adminToken: string; uiOrigins: string[]; trustUiOrigins?: boolean };
  /** Serves the admin API support uses, /v1/customers/:customerId[/action] (admin token required). */
  support?: SupportRouteOptions;
  /** Serves GET /preview: every template × locale rendered with sample data (admin token, also as Basic password). */
  preview?: PreviewRouteOptions;
  /** With webhookDeliveries, serves the mail providers' bounce and complaint webhooks (/v1/webhooks/{ses,sendgrid,mailgun,postmark}). */
  recordMailReport?: RecordMailReport;
  /** Fetches SNS signing certificates and confirms SNS subscriptions (tests give a local one); default: https only, Amazon SNS hosts only. */
  snsFetch?: SnsFetch;
  /** Records request durations and order failures, served at GET /metrics (admin token required). */
  metrics?: { recorder: ApiMetrics; adminToken: string };
  /** Serves the privacy requests: erase and export a customer, follow a request (admin token required). */
  privacy?: PrivacyRouteOptions;
}

/** Builds the HTTP API without listening: main.ts listens, tests use `app.inject`. */
export async function buildServer({
  gateway,
  storeKeys = () => storeKeyring([], []),
  readiness = {},
  webhookDeliveries,
  webhookResources,
  webhookSecrets = {},
  customerLookup,
  now = Date.now,
  config,
  logger,
  bodyLimit = DEFAULT_BODY_LIMIT,
  preferences,
  linkSecrets,
  recordConsent,
  codec,
  support,
  preview,
  answers,
  answerStore,
  facts,
  reports,
  metrics,
  recordMailReport,
  snsFetch,
  privacy,
  privacyRequests,
}: ServerOptions): Promise<FastifyInstance> {
  const app = fastify({
    bodyLimit,
    // Link tokens are a path parameter longer than fastify's default 100-character limit (which answers 404).
    routerOptions: { maxParamLength: MAX_TOKEN_LENGTH },
    // Errors the router raises before any route (an overlong token, a malformed URL) in the project's formats.
    frameworkErrors: (err, request, reply) => {
      const answer = reply as unknown as FastifyReply;
      if (request.url.startsWith('/u/') || request.url.startsWith('/c/')) {
        void sendPage(request, answer, 400, { kind: 'invalidLink' });
        return;
      }
      answer.code(400).send({ error: 'bad_request', message: err.message } satisfies ErrorBody);
    },
    logger: logger === false ? false : loggerOptions(config.LOG_LEVEL, logger?.stream),
  });
  // JSON only: without this, fastify hands text/plain bodies to the handler as strings (a 400 instead of a 415).
  app.removeContentTypeParser('text/plain');
  registerErrorHandlers(app, bodyLimit);
  await registerOpenApi(app);
  if (metrics) {
    const { recorder } = metrics;
    // On the root before any route plugin, so every route inherits it (and the 404 handler too).
    app.addHook('onResponse', async (request, reply) =>
      recorder.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000),
    );
    // Before the routes get it: the store API and the Shopify webhook both place orders.
    gateway = recorder.countingFailures(gateway);
  }

  await registerOpenApiRoutes(app);
  await app.register(healthRoutes, { checks: readiness });
  // The store routes, in one plugin so that its key check guards exactly them.
  await app.register(async (store) => {
    store.addHook('onRequest', storeAuth(storeKeys));
    declareSecurity(store, STORE_KEY);
    await store.register(orderRoutes, { gateway, now });
    await store.register(eventRoutes, { gateway, now });
    if (recordConsent) await store.register(consentRoutes, { recordConsent, now });
  });
  await app.register(shopifyWebhookRoutes, {
    gateway,
    secretFor: (storeId) =>
      webhookSecretFor('shopify', storeId, { perStore: webhookSecrets, appLevel: config.SHOPIFY_WEBHOOK_SECRET }),
    deliveries: webhookDeliveries,
    resources: webhookResources,
    customerOfOrder: (customerLookup ?? facts)?.customerOfOrder,
    customersOfEmail: (customerLookup ?? facts)?.customersOfEmail,
    recordConsent,
    privacy: privacyRequests,
    now,
  });
  await app.register(wooCommerceWebhookRoutes, {
    gateway,
    secretFor: (storeId) =>
      webhookSecretFor('woocommerce', storeId, {
        perStore: webhookSecrets,
        appLevel: config.WOOCOMMERCE_WEBHOOK_SECRET,
      }),
    guestKey: config.AFTERGLOW_EMAIL_HASH_SECRET,
    deliveries: webhookDeliveries,
    now,
  });
  if (recordMailReport && webhookDeliveries)
    await app.register(mailWebhookRoutes, {
      record: recordMailReport,
      config: {
        ...config,
        MAIL_WEBHOOK_MAX_AGE_SECONDS: config.MAIL_WEBHOOK_MAX_AGE_SECONDS ?? DEFAULT_MAIL_WEBHOOK_MAX_AGE_SECONDS,
      },
      deliveries: webhookDeliveries,
      now,
      ...(snsFetch && { snsFetch }),
    });
  // Without secrets the routes refuse to start rather than serve links nobody can verify.
  if (preferences) await app.register(unsubscribeRoutes, { preferences, secrets: linkSecrets ?? [] });
  if (answers) await app.register(answerRoutes, { ...answers, secrets: linkSecrets ?? [] });
  if (facts) await app.register(clickRoutes, { facts, secrets: linkSecrets ?? [], now });
  if (support && answerStore)
    await app.register(answersAdminRoutes, { answers: answerStore, adminToken: support.adminToken });
  if (codec) await app.register(codecRoutes, codec);
  if (support) await app.register(supportRoutes, support);
  if (preview) await app.register(previewRoutes, preview);
  if (reports) await app.register(reportRoutes, reports);
  if (metrics) await app.register(metricsRoutes, metrics);
  if (privacy) await app.register(privacyRoutes, privacy);
  return app;
}
