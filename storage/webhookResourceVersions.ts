import type { Kysely } from 'kysely';
import { toIso } from './columns';
import type { Database } from './schema';

export interface ResourceRef {
  /** "shopify", "woocommerce", … */
  provider: string;
  /** The store the deliveries come from. */
  account: string;
  /** What the deliveries are about: "customer/42", "fulfillment/7". */
  resource: string;
}

/**
 * The newest platform time (Shopify's X-Shopify-Triggered-At, a consent's own date) applied per resource, so a
 * delivery retried long after a newer one about the same resource was applied is recognised as stale. Only ever
 * moves forward; a time equal to the newest is not stale (the same delivery again).
 */
export function webhookResourceVersions(db: Kysely<Database>, now: () => Date = () => new Date()) {
  const row = (ref: ResourceRef) =>
    db
      .selectFrom('webhook_resource_versions')
      .where('provider', '=', ref.provider)
      .where('account', '=', ref.account)
      .where('resource', '=', ref.resource);
  return {
    /** The newest time applied for the resource, in epoch ms, or undefined when none was. */
    async newest(ref: ResourceRef): Promise<number | undefined> {
      const found = await row(ref).select('newest_ms').executeTakeFirst();
      return found ? Number(found.newest_ms) : undefined;
    },

    /** Whether something about the resource newer than `at` was applied already. */
    async isStale(ref: ResourceRef, at: number): Promise<boolean> {
      const newest = await this.newest(ref);
      return newest !== undefined && newest > at;
    },

    /** Records that the resource was applied as of `at` (kept only when newer than what is recorded). */
    async applied(ref: ResourceRef, at: number): Promise<void> {
      const updatedAt = toIso(now());
      await db
        .insertInto('webhook_resource_versions')
        .values({ ...ref, newest_ms: at, updated_at: updatedAt })
        .onConflict((oc) =>
          oc
            .columns(['provider', 'account', 'resource'])
            .doUpdateSet({
              newest_ms: (eb) => eb.ref('excluded.newest_ms'),
              updated_at: (eb) => eb.ref('excluded.updated_at'),
            })
            .where('webhook_resource_versions.newest_ms', '<', at),
        )
        .execute();
    },
  };
}
export type WebhookResourceVersions = ReturnType<typeof webhookResourceVersions>;
