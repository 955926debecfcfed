import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { optionalDate, toDate, toIso } from '../storage/columns';
import type { Database, PrivacyRequestKind, PrivacyRequestsTable } from '../storage/schema';

export interface PrivacyRequest {
  id: string;
  kind: PrivacyRequestKind;
  storeId: string;
  /** Absent for a whole store's erasure. */
  customerId?: string;
  source: string;
  status: 'pending' | 'done';
  /** sha256 hashes of the addresses the requester named (storage/email.ts). */
  emailHashes: string[];
  /** An export, sealed under the customer's key. */
  sealedResult?: string;
  detail?: string;
  attempts: number;
  requestedAt: Date;
  completedAt?: Date;
}

/** How long a processor holds a request it took before another may take it (it was killed midway). */
const LEASE_MS = 5 * 60_000;
/** Retries back off to this: a long Temporal outage costs one attempt a minute per request. */
const MAX_BACKOFF_MS = 60_000;

const toRequest = (row: Selectable<PrivacyRequestsTable>): PrivacyRequest => ({
  id: row.id,
  kind: row.kind,
  storeId: row.store_id,
  ...(row.customer_id !== null && { customerId: row.customer_id }),
  source: row.source,
  status: row.status,
  emailHashes: JSON.parse(row.email_hashes) as string[],
  ...(row.result !== null && { sealedResult: row.result }),
  ...(row.detail !== null && { detail: row.detail }),
  attempts: Number(row.attempts),
  requestedAt: toDate(row.requested_at),
  completedAt: optionalDate(row.completed_at),
});

/**
 * Exports and erasures, kept from the moment they are asked for until done (and after: an erasure's row is the
 * record that it happened). Taken under a lease like the outbox's, so two API processes never run one at once.
 */
export function privacyRequestStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    async create(input: {
      kind: PrivacyRequestKind;
      storeId: string;
      customerId?: string;
      source: string;
      emailHashes?: string[];
    }): Promise<string> {
      const id = `pr_${randomUUID()}`;
      const at = toIso(now());
      await db
        .insertInto('privacy_requests')
        .values({
          id,
          kind: input.kind,
          store_id: input.storeId,
          customer_id: input.customerId ?? null,
          source: input.source,
          status: 'pending',
          email_hashes: JSON.stringify(input.emailHashes ?? []),
          result: null,
          detail: null,
          requested_at: at,
          next_attempt_at: at,
          completed_at: null,
        })
        .execute();
      return id;
    },

    async get(id: string): Promise<PrivacyRequest | undefined> {
      const row = await db.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRequest(row);
    },

    /** Takes up to `limit` due requests (or only those of `only`), oldest first, each under a lease. */
    async take(limit: number, only?: string[]): Promise<PrivacyRequest[]> {
      const at = now();
      let due = db
        .selectFrom('privacy_requests')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', toIso(at))
        .selectAll()
        .orderBy('requested_at')
        .limit(limit);
      if (only) due = due.where('id', 'in', only.length ? only : ['']);
      const taken: PrivacyRequest[] = [];
      for (const row of await due.execute()) {
        const leased = await db
          .updateTable('privacy_requests')
          .set({ next_attempt_at: toIso(new Date(at.getTime() + LEASE_MS)) })
          .where('id', '=', row.id)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .executeTakeFirst();
        if (Number(leased.numUpdatedRows) === 1) taken.push(toRequest(row));
      }
      return taken;
    },

    async complete(id: string, { detail, sealedResult }: { detail: string; sealedResult?: string }): Promise<void> {
      await db
        .updateTable('privacy_requests')
        .set({ status: 'done', detail, result: sealedResult ?? null, completed_at: toIso(now()) })
        .where('id', '=', id)
        .execute();
    },

    /** Not done yet: try again after a backoff that grows with the attempts. `why` must name no person. */
    async retryLater(request: PrivacyRequest, why: string): Promise<void> {
      const backoff = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** request.attempts);
      await db
        .updateTable('privacy_requests')
        .set({
          attempts: request.attempts + 1,
          detail: why.slice(0, 500),
          next_attempt_at: toIso(new Date(now().getTime() + backoff)),
        })
        .where('id', '=', request.id)
        .execute();
    },
  };
}
export type PrivacyRequestStore = ReturnType<typeof privacyRequestStore>;
