import type { Kysely } from 'kysely';
import { toIso } from './columns';
import type { Database } from './schema';

export interface OutboxSignal {
  workflowId: string;
  signal: string;
  args: unknown[];
}

export interface OutboxEntry extends OutboxSignal {
  id: number;
  attempts: number;
}

/** How long a drainer holds an entry it took before another may take it (it was killed mid-signal). */
const LEASE_MS = 30_000;
/** Retries back off to this: a long Temporal outage costs one attempt a minute per entry, not a storm. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Signals to journeys that must not be lost: written in the same transaction as what they report (a customer's
 * unsubscribe, an answer), so what the customer did is kept even when Temporal is down, and sent by a drainer
 * (client/outboxDrainer.ts) until Temporal takes them. Payloads are ids and choices, never addresses.
 */
export function outboxStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    async enqueue(entry: OutboxSignal): Promise<number> {
      const at = toIso(now());
      const row = await db
        .insertInto('outbox')
        .values({
          workflow_id: entry.workflowId,
          signal: entry.signal,
          payload: JSON.stringify(entry.args),
          created_at: at,
          next_attempt_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Takes up to `limit` due entries, oldest first, each under a lease so that two drainers never send one twice. */
    async take(limit: number, only?: number[]): Promise<OutboxEntry[]> {
      const at = now();
      let due = db
        .selectFrom('outbox')
        .where('next_attempt_at', '<=', toIso(at))
        .selectAll()
        .orderBy('id')
        .limit(limit);
      if (only) due = due.where('id', 'in', only.length ? only : [-1]);
      const taken: OutboxEntry[] = [];
      for (const row of await due.execute()) {
        const leased = await db
          .updateTable('outbox')
          .set({ next_attempt_at: toIso(new Date(at.getTime() + LEASE_MS)) })
          .where('id', '=', row.id)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .executeTakeFirst();
        if (Number(leased.numUpdatedRows) === 1)
          taken.push({
            id: row.id,
            workflowId: row.workflow_id,
            signal: row.signal,
            args: JSON.parse(row.payload) as unknown[],
            attempts: row.attempts,
          });
      }
      return taken;
    },

    /** The signal was delivered (or has nowhere to go): it leaves the outbox. */
    async done(id: number): Promise<void> {
      await db.deleteFrom('outbox').where('id', '=', id).execute();
    },

    /** Not delivered: try again after a backoff that grows with the attempts. */
    async retryLater(entry: OutboxEntry, error: string): Promise<void> {
      const backoff = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** entry.attempts);
      await db
        .updateTable('outbox')
        .set({
          attempts: entry.attempts + 1,
          last_error: error.slice(0, 500),
          next_attempt_at: toIso(new Date(now().getTime() + backoff)),
        })
        .where('id', '=', entry.id)
        .execute();
    },

    /** How many signals wait to reach Temporal (for /readyz and metrics). */
    async depth(): Promise<number> {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type OutboxStore = ReturnType<typeof outboxStore>;
