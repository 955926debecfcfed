import { createActivities } from '../activities';
import { createMailTransport, type DkimKey, type MailTransport } from '../activities/mailTransport';
import type { Content } from '../definitions/content';
import { contentSetsDir } from '../definitions/contentSets';
import { templateSets } from '../rendering/templateSets';
import { openStores } from '../storage';
import type { PayloadKeyRing } from '../codec/keyRing';
import { openingActivities, withoutVaultKeys } from '../privacy/openingActivities';
import { personalDataVault } from '../privacy/vault';

export interface JourneyDependencyOptions {
  /** The content in use; its templates, and those of the sets runs pinned, are in `dataDir`'s content sets. */
  content: () => Content;
  smtpUrl: string;
  dataDir: string;
  databaseUrl?: string;
  mailFrom: string;
  publicUrl: string;
  linkSecrets: string[];
  unsubscribeMailto?: string;
  dkim?: DkimKey;
  /** Replaces SMTP (simulations record instead of sending); `smtpUrl` is then unused. */
  transport?: MailTransport;
  /** Compile every template before the first send (the worker); tests compile only what they send. */
  warmTemplates?: boolean;
  /** The Temporal Web UI and namespace, for the link in support alerts (else the admin API's customer URL). */
  temporalUi?: { url: string; namespace: string };
  /** Signs the store alert webhooks' bodies. */
  alertWebhookSecret?: string;
  /** Keys the EmailHash search attribute (AFTERGLOW_EMAIL_HASH_SECRET); without it journeys carry none. */
  emailHashSecret?: string;
  /** The vault's master keys (AFTERGLOW_VAULT_KEYS): activities open the customer's sealed fields with them. */
  vaultKeys?: PayloadKeyRing;
}

/** Where support opens a customer's journey: the Web UI when its address is known, else the admin API. */
export function supportLinkFor(publicUrl: string, ui?: { url: string; namespace: string }) {
  return ({ workflowId, storeId, customerId }: { workflowId: string; storeId: string; customerId: string }) =>
    ui
      ? `${ui.url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}`
      : `${publicUrl.replace(/\/$/, '')}/v1/customers/${encodeURIComponent(customerId)}?storeId=${encodeURIComponent(storeId)}`;
}

/**
 * Everything the journey activities stand on (templates, SMTP pool, database), built one way for the worker,
 * the tests and the benchmarks; `close` releases it all.
 */
export async function openJourneyDependencies(options: JourneyDependencyOptions) {
  const templates = templateSets(() => options.content().templatesDir, contentSetsDir(options.dataDir));
  if (options.warmTemplates ?? true) await templates.current().warm();
  const stores = await openStores({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const transport = options.transport ?? createMailTransport(options.smtpUrl, { dkim: options.dkim });
  const plain = createActivities({
    ...options,
    ...stores,
    templates,
    transport,
    supportLink: supportLinkFor(options.publicUrl, options.temporalUi),
  });
  const activities = openingActivities(
    plain,
    options.vaultKeys ? personalDataVault(stores.db, options.vaultKeys) : withoutVaultKeys,
  );
  return {
    activities,
    stores,
    async close() {
      transport.close();
      await stores.close();
    },
  };
}
