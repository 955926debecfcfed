import type { Kysely } from 'kysely';
import { type AddressBlockReason, currentChoice, optOutReason } from '../rules/consent';
import type { MarketingPreference } from '../rules/journeyState';
import { optionalDate, toDate, toIso } from './columns';
import { emailHash } from './email';
import type { Database } from './schema';

/**
 * Who must not be emailed, in one model (the rules live in rules/consent.ts):
 * - the customer's marketing choices, by customer id, append-only, so a customer who changes address stays
 *   unsubscribed and support sees the history;
 * - what is known about an address (a hard bounce, a complaint, support's stop, an unsubscribe known only by
 *   address), kept only as the sha256 of the normalized address: whoever asks has the address in hand, and a hash
 *   is the least that must outlive a customer's erasure so they are not mailed again. (Unsalted on purpose: no
 *   secret whose loss would silently un-block everyone. It is still personal data.)
 */
export interface AddressBlock {
  storeId: string;
  customerId?: string;
  emailHash: string;
  reason: AddressBlockReason;
  source: string;
  createdAt: Date;
  liftedAt?: Date;
  liftedSource?: string;
}

export interface ChoiceOwner {
  storeId: string;
  customerId: string;
}

type ChoiceRow = {
  status: MarketingPreference['status'];
  until: Date | string | null;
  source: MarketingPreference['source'];
  at: Date | string;
  opt_in_level: MarketingPreference['optInLevel'] | null;
};
const toPreference = (row: ChoiceRow): MarketingPreference => {
  const until = optionalDate(row.until);
  return {
    status: row.status,
    ...(until && { until: until.toISOString() }),
    at: toDate(row.at).toISOString(),
    source: row.source,
    ...(row.opt_in_level && { optInLevel: row.opt_in_level }),
  };
};

export function optOutStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  const choicesOf = ({ storeId, customerId }: ChoiceOwner) =>
    db
      .selectFrom('consent_changes')
      .where('store_id', '=', storeId)
      .where('customer_id', '=', customerId)
      .select(['status', 'until', 'source', 'at', 'opt_in_level'])
      .orderBy('id')
      .execute();

  return {
    /** Appends a choice; recording the very same choice again (a retry) is a no-op. */
    async recordChoice(owner: ChoiceOwner, choice: MarketingPreference): Promise<void> {
      await db
        .insertInto('consent_changes')
        .values({
          store_id: owner.storeId,
          customer_id: owner.customerId,
          status: choice.status,
          until: choice.until ? toIso(new Date(choice.until)) : null,
          source: choice.source,
          at: toIso(new Date(choice.at)),
          recorded_at: toIso(now()),
          opt_in_level: choice.optInLevel ?? null,
        })
        .onConflict((oc) => oc.columns(['store_id', 'customer_id', 'at', 'source', 'status']).doNothing())
        .execute();
    },

    /** Every choice, in the order it was recorded. */
    async choices(owner: ChoiceOwner): Promise<MarketingPreference[]> {
      return (await choicesOf(owner)).map(toPreference);
    },

    /** The choice that stands (rules/consent.ts `currentChoice`), or undefined when the customer never made one. */
    async currentChoice(owner: ChoiceOwner): Promise<MarketingPreference | undefined> {
      return currentChoice((await choicesOf(owner)).map(toPreference));
    },

    /** Records a fact about an address; repeating it updates it (and re-activates it if it had been lifted). */
    async blockAddress(input: {
      storeId: string;
      email: string;
      customerId?: string;
      reason: AddressBlockReason;
      source: string;
    }): Promise<void> {
      const { email, ...rest } = input;
      await this.blockAddressHash({ ...rest, emailHash: emailHash(email) });
    },

    /** The same, for an address known only by its hash (an erasure keeps no address). */
    async blockAddressHash(input: {
      storeId: string;
      emailHash: string;
      customerId?: string;
      reason: AddressBlockReason;
      source: string;
    }): Promise<void> {
      const at = toIso(now());
      await db
        .insertInto('address_blocks')
        .values({
          store_id: input.storeId,
          email_hash: input.emailHash,
          customer_id: input.customerId ?? null,
          reason: input.reason,
          source: input.source,
          created_at: at,
          updated_at: at,
          lifted_at: null,
          lifted_source: null,
        })
        .onConflict((oc) =>
          oc.columns(['store_id', 'email_hash', 'reason']).doUpdateSet((eb) => ({
            customer_id: eb.fn.coalesce('excluded.customer_id', 'address_blocks.customer_id'),
            source: eb.ref('excluded.source'),
            updated_at: eb.ref('excluded.updated_at'),
            lifted_at: null,
            lifted_source: null,
          })),
        )
        .execute();
    },

    /** Lifts an address block (support confirmed the address works again); returns whether one was active. */
    async liftAddressBlock(input: {
      storeId: string;
      email: string;
      reason: AddressBlockReason;
      source: string;
    }): Promise<boolean> {
      const result = await db
        .updateTable('address_blocks')
        .set({ lifted_at: toIso(now()), lifted_source: input.source })
        .where('store_id', '=', input.storeId)
        .where('email_hash', '=', emailHash(input.email))
        .where('reason', '=', input.reason)
        .where('lifted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Every block recorded for this address (and for this customer's earlier addresses), lifted ones included. */
    async addressBlocks(input: { storeId: string; email?: string; customerId?: string }): Promise<AddressBlock[]> {
      if (!input.email && !input.customerId) return [];
      const rows = await db
        .selectFrom('address_blocks')
        .where('store_id', '=', input.storeId)
        .where((eb) =>
          eb.or([
            ...(input.email ? [eb('email_hash', '=', emailHash(input.email))] : []),
            ...(input.customerId ? [eb('customer_id', '=', input.customerId)] : []),
          ]),
        )
        .selectAll()
        .orderBy('created_at')
        .orderBy('reason')
        .execute();
      return rows.map((r) => ({
        storeId: r.store_id,
        customerId: r.customer_id ?? undefined,
        emailHash: r.email_hash,
        reason: r.reason,
        source: r.source,
        createdAt: toDate(r.created_at),
        liftedAt: optionalDate(r.lifted_at),
        liftedSource: r.lifted_source ?? undefined,
      }));
    },

    /**
     * The check before a message leaves, at the last moment: why it must not go to `email`, or undefined. Blocks
     * belong to the address (a new address may work); choices belong to the customer.
     */
    async reasonNotToSend(
      input: ChoiceOwner & { email: string; category: 'service' | 'marketing'; at: Date },
    ): Promise<string | undefined> {
      const blocks = await db
        .selectFrom('address_blocks')
        .where('store_id', '=', input.storeId)
        .where('email_hash', '=', emailHash(input.email))
        .where('lifted_at', 'is', null)
        .select('reason')
        .execute();
      const choice = input.category === 'marketing' ? await this.currentChoice(input) : undefined;
      return optOutReason(
        { category: input.category, at: input.at.getTime() },
        blocks.map((b) => b.reason),
        choice,
      );
    },
  };
}
export type OptOutStore = ReturnType<typeof optOutStore>;
