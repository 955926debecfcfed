import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';

/** How each caller proves who it is (api/storeAuth.ts, api/adminAuth.ts, the webhook routes), for the OpenAPI document. */
export const SECURITY_SCHEMES = {
  storeKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A store key (`npx afterglow keys create --store <id>`, or AFTERGLOW_API_KEYS): opens its own store only.',
  },
  adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token, AFTERGLOW_ADMIN_TOKEN.' },
  adminPassword: {
    type: 'http',
    scheme: 'basic',
    description: 'The admin token as the password of HTTP Basic (any user name), for pages a browser opens.',
  },
  shopifyHmac: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Shopify-Hmac-Sha256',
    description: "Base64 HMAC-SHA256 of the raw body with the shop's webhook secret (or SHOPIFY_WEBHOOK_SECRET).",
  },
  wooCommerceSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-WC-Webhook-Signature',
    description: "Base64 HMAC-SHA256 of the raw body with the store's webhook secret (or WOOCOMMERCE_WEBHOOK_SECRET).",
  },
  sendgridSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Twilio-Email-Event-Webhook-Signature',
    description:
      'ECDSA signature of X-Twilio-Email-Event-Webhook-Timestamp + the raw body, checked with SENDGRID_WEBHOOK_PUBLIC_KEY.',
  },
  postmarkPassword: {
    type: 'http',
    scheme: 'basic',
    description: 'POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD, as basic auth in the webhook URL.',
  },
  postmarkSecret: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Afterglow-Webhook-Secret',
    description: 'POSTMARK_WEBHOOK_SECRET, as a custom header of the webhook.',
  },
} satisfies Record<string, OpenAPIV3_1.SecuritySchemeObject>;

type SchemeName = keyof typeof SECURITY_SCHEMES;
/** Any one of the listed schemes lets a request in (OpenAPI's list of alternatives). */
export type SecurityRequirement = readonly Partial<Record<SchemeName, readonly string[]>>[];

export const STORE_KEY: SecurityRequirement = [{ storeKey: [] }];
export const ADMIN_TOKEN: SecurityRequirement = [{ adminToken: [] }];
export const ADMIN_PAGE: SecurityRequirement = [{ adminToken: [] }, { adminPassword: [] }];
export const SHOPIFY_SIGNATURE: SecurityRequirement = [{ shopifyHmac: [] }];
export const WOOCOMMERCE_SIGNATURE: SecurityRequirement = [{ wooCommerceSignature: [] }];
export const SENDGRID_SIGNATURE: SecurityRequirement = [{ sendgridSignature: [] }];
export const POSTMARK_AUTH: SecurityRequirement = [{ postmarkPassword: [] }, { postmarkSecret: [] }];

/**
 * Declares the security requirement of every route the plugin registers from now on. Call it beside the plugin's
 * auth hook, so the document says what that hook checks.
 */
export function declareSecurity(app: FastifyInstance, security: SecurityRequirement): void {
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security };
  });
}
