import type { ExpressionBuilder, Kysely } from 'kysely';
import { z } from 'zod';
import { optionalDate, toDate, toIso } from './columns';
import { emailHash } from './email';
import { type Database, suppressionReasons, type SuppressionReason, suppressionScopes, type SuppressionScope } from './schema';

/**
 * Who must not be emailed, and for which messages. Addresses are kept only as sha256 of the normalized address:
 * every caller that asks (the sender, a bounce or unsubscribe webhook, support typing an address) has the address
 * in hand, so a hash is all a lookup needs, and the table never becomes a readable mailing list. A suppression
 * must outlive a customer's erasure (or they would be mailed again), and a hash is the least that can stay.
 * (Unsalted on purpose: no secret whose loss would silently un-suppress everyone. It is still personal data.)
 */

export type MessageCategory = 'service' | 'marketing';

/** What each reason blocks unless told otherwise. A bounce or complaint always blocks everything. */
const defaultScope: Record<SuppressionReason, SuppressionScope> = {
  'hard-bounce': 'all',
  complaint: 'all',
  unsubscribe: 'marketing',
  support: 'all',
  pause: 'marketing',
};

const suppressInput = z
  .object({
    storeId: z.string().min(1),
    customerId: z.string().min(1).optional(),
    email: z.string().trim().regex(/^[^@\s]+@[^@\s]+$/, 'not an email address'),
    reason: z.enum(suppressionReasons),
    scope: z.enum(suppressionScopes).optional(),
    until: z.date().optional(),
    /** Where it came from, for support: 'smtp', 'list-unsubscribe', 'webhook:postmark', an agent's id … */
    source: z.string().min(1),
  })
  .refine((s) => s.reason !== 'pause' || s.until, { message: 'a pause needs `until`', path: ['until'] })
  .refine((s) => !(s.reason === 'hard-bounce' || s.reason === 'complaint') || s.scope !== 'marketing', {
    message: 'a hard bounce or complaint blocks every message',
    path: ['scope'],
  });
export type SuppressInput = z.input<typeof suppressInput>;

export interface SuppressionCheck {
  storeId: string;
  email: string;
  customerId?: string;
  category: MessageCategory;
  at: Date;
}

export interface SuppressionVerdict {
  suppressed: boolean;
  reason?: SuppressionReason;
}

export interface Suppression {
  storeId: string;
  customerId?: string;
  emailHash: string;
  reason: SuppressionReason;
  scope: SuppressionScope;
  until?: Date;
  source: string;
  createdAt: Date;
  liftedAt?: Date;
  liftedSource?: string;
}

export interface LiftInput {
  storeId: string;
  email?: string;
  customerId?: string;
  /** By default what a resubscribe undoes; a bounce or complaint is lifted only when named. */
  reasons?: SuppressionReason[];
  source: string;
}

/**
 * Rows that concern this person: by address, or by customer id for what the person asked for (a customer who
 * changes address stays unsubscribed). A hard bounce belongs to the address only: a new address may work.
 */
const concerning = (storeId: string, email?: string, customerId?: string) => (eb: ExpressionBuilder<Database, 'suppressions'>) =>
  eb.and([
    eb('store_id', '=', storeId),
    eb.or([
      ...(email ? [eb('email_hash', '=', emailHash(email))] : []),
      ...(customerId ? [eb.and([eb('customer_id', '=', customerId), eb('reason', '!=', 'hard-bounce')])] : []),
    ]),
  ]);

export function suppressionStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    /** Records a suppression; repeating it updates it (and re-activates it if it had been lifted). */
    async suppress(input: SuppressInput): Promise<void> {
      const s = suppressInput.parse(input);
      const at = toIso(now());
      await db
        .insertInto('suppressions')
        .values({
          store_id: s.storeId,
          email_hash: emailHash(s.email),
          customer_id: s.customerId ?? null,
          reason: s.reason,
          scope: s.scope ?? defaultScope[s.reason],
          until: s.until ? toIso(s.until) : null,
          source: s.source,
          created_at: at,
          updated_at: at,
          lifted_at: null,
          lifted_source: null,
        })
        .onConflict((oc) =>
          oc.columns(['store_id', 'email_hash', 'reason']).doUpdateSet((eb) => ({
            customer_id: eb.fn.coalesce('excluded.customer_id', 'suppressions.customer_id'),
            scope: eb.ref('excluded.scope'),
            until: eb.ref('excluded.until'),
            source: eb.ref('excluded.source'),
            updated_at: eb.ref('excluded.updated_at'),
            lifted_at: null,
            lifted_source: null,
          })),
        )
        .execute();
    },

    /**
     * Whether a message of this category may go to this person at `at`. `at` is only compared with a pause's
     * end: a suppression recorded a moment "after" `at` by another machine's clock still counts.
     */
    async isSuppressed({ storeId, email, customerId, category, at }: SuppressionCheck): Promise<SuppressionVerdict> {
      let query = db
        .selectFrom('suppressions')
        .where(concerning(storeId, email, customerId))
        .where('lifted_at', 'is', null)
        .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', toIso(at))]));
      if (category === 'service') query = query.where('scope', '=', 'all');
      const reasons = (await query.select('reason').execute()).map((r) => r.reason);
      // The most serious reason first (the order of suppressionReasons), so support sees why in one word.
      const reason = suppressionReasons.find((r) => reasons.includes(r));
      return reason ? { suppressed: true, reason } : { suppressed: false };
    },

    /** Everything recorded for a customer (and, if given, their address), lifted ones included, oldest first. */
    async listSuppressions(storeId: string, customerId: string, email?: string): Promise<Suppression[]> {
      const rows = await db
        .selectFrom('suppressions')
        .where('store_id', '=', storeId)
        // Bounces included: what support looks at is everything ever recorded with this customer.
        .where((eb) => eb.or([eb('customer_id', '=', customerId), ...(email ? [eb('email_hash', '=', emailHash(email))] : [])]))
        .selectAll()
        .orderBy('created_at')
        .orderBy('reason')
        .execute();
      return rows.map((r) => ({
        storeId: r.store_id,
        customerId: r.customer_id ?? undefined,
        emailHash: r.email_hash,
        reason: r.reason,
        scope: r.scope,
        until: optionalDate(r.until),
        source: r.source,
        createdAt: toDate(r.created_at),
        liftedAt: optionalDate(r.lifted_at),
        liftedSource: r.lifted_source ?? undefined,
      }));
    },

    /** Lifts active suppressions (a resubscribe, support ending a pause); returns how many. Rows stay, marked. */
    async lift({ storeId, email, customerId, reasons = ['unsubscribe', 'pause'], source }: LiftInput): Promise<number> {
      if (!email && !customerId) throw new Error('lift needs an email or a customer id');
      const result = await db
        .updateTable('suppressions')
        .set({ lifted_at: toIso(now()), lifted_source: source })
        .where(concerning(storeId, email, customerId))
        .where('lifted_at', 'is', null)
        .where('reason', 'in', reasons)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
export type SuppressionStore = ReturnType<typeof suppressionStore>;
