import type { Kysely } from 'kysely';
import { toIso } from './columns';
import type { Database } from './schema';

/** first: never seen. retry: seen from the same account (the provider retrying). elsewhere: seen from another account. */
export type DeliverySighting = 'first' | 'retry' | 'elsewhere';

/** Webhook deliveries by the provider's own delivery id, so a signed body cannot be replayed under another account. */
export function webhookDeliveryStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    async sighting(provider: string, deliveryId: string, account: string): Promise<DeliverySighting> {
      const inserted = await db
        .insertInto('webhook_deliveries')
        .values({ provider, delivery_id: deliveryId, account, received_at: toIso(now()) })
        .onConflict((oc) => oc.columns(['provider', 'delivery_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return 'first';
      const seen = await db
        .selectFrom('webhook_deliveries')
        .where('provider', '=', provider)
        .where('delivery_id', '=', deliveryId)
        .select('account')
        .executeTakeFirstOrThrow();
      return seen.account === account ? 'retry' : 'elsewhere';
    },
  };
}
export type WebhookDeliveryStore = ReturnType<typeof webhookDeliveryStore>;
