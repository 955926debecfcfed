import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StoreId } from '../domain/ids';
import { issueLines } from '../domain/zodIssues';

/** Platforms whose webhooks are signed with a secret shared with the store. */
export type WebhookPlatform = 'shopify' | 'woocommerce';

/**
 * Per-store webhook secrets, for stores that run their own app (a Shopify custom app, each WooCommerce webhook):
 * `{ "shopify": { "<storeId>": "<secret>" }, "woocommerce": { … } }`. JSON, because WooCommerce's generated secrets
 * contain commas, colons and equals signs.
 */
const SecretsByStore = z.record(StoreId, z.string().min(1)).optional();
export const PerStoreWebhookSecrets = z.object({ shopify: SecretsByStore, woocommerce: SecretsByStore }).strict();
export type PerStoreWebhookSecrets = z.infer<typeof PerStoreWebhookSecrets>;

/** The file in the data folder that holds per-store secrets when AFTERGLOW_WEBHOOK_SECRETS is unset. */
export const WEBHOOK_SECRETS_FILE = 'webhook-secrets.json';

/** Reads per-store secrets from the variable's JSON, else the data folder's file; errors name where and what. */
export function loadPerStoreWebhookSecrets(fromEnv: string | undefined, dataDir: string): PerStoreWebhookSecrets {
  const file = path.join(dataDir, WEBHOOK_SECRETS_FILE);
  const [text, where] =
    fromEnv !== undefined
      ? [fromEnv, 'AFTERGLOW_WEBHOOK_SECRETS']
      : fs.existsSync(file)
        ? [fs.readFileSync(file, 'utf8'), file]
        : ['{}', file];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = PerStoreWebhookSecrets.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: ${issueLines(parsed.error, '(top)').join('; ')}`);
  return parsed.data;
}

/**
 * The secret a store's webhook deliveries are signed with: its own when it has one (a custom app), else the
 * platform's app-level secret; undefined when neither is configured (the route then refuses the delivery).
 */
export function webhookSecretFor(
  platform: WebhookPlatform,
  storeId: string,
  { perStore, appLevel }: { perStore: PerStoreWebhookSecrets; appLevel?: string },
): string | undefined {
  // An empty variable is no secret: deliveries are refused rather than checked against "".
  return perStore[platform]?.[storeId] || appLevel || undefined;
}
