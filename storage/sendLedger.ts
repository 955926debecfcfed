import type { Kysely, Selectable } from 'kysely';
import { optionalDate, toDate, toIso } from './columns';
import type { Database, LedgerStatus, SendLedgerTable } from './schema';

/**
 * Exactly-once sending around SMTP, keyed by the message's idempotency key
 * (e.g. `customer/default/c-42:1001/post-purchase/how-to/SKU`):
 *
 *   claim → 'claimed'            send over SMTP, then markSent (or markFailed if SMTP said no)
 *         → 'already-sent'       do nothing: some attempt sent it
 *         → 'in-flight-by-other' do not send now; retry later (a Temporal activity retry does), by then the other
 *                                attempt has finished or its claim has gone stale
 *
 * A claim is a lease: one older than `leaseMs` is taken to be from an attempt that died, and may be re-claimed.
 * The lease must outlast the longest SMTP conversation plus the clock skew between workers.
 *
 * The window that remains: an attempt that dies after SMTP accepted the message but before markSent leaves a
 * stale claim, and its successor cannot tell from the ledger alone whether the message went out. The stale row
 * keeps the Message-ID that attempt used; Message-IDs are derived from the idempotency key (activities/messageId.ts),
 * so the message, if it left, carries that id in the relay's log, the provider's event API or the recipient's
 * mailbox. A caller that can look it up passes `wasDelivered`: on a stale claim it is asked, and a yes marks the
 * entry sent and answers 'already-sent'. Without it the successor sends again: at most one duplicate, only after
 * such a crash, and with the same Message-ID, which some mailbox providers (Gmail among them) drop as a duplicate.
 * The same holds when SMTP's answer was lost (a timeout, a dropped connection after DATA): do not markFailed then,
 * leave the claim to go stale so that the next attempt asks `wasDelivered`.
 */

export type ClaimResult = 'claimed' | 'already-sent' | 'in-flight-by-other';

export interface ClaimOptions {
  messageId: string;
  /** Who holds the claim, e.g. the activity's workflow id, activity id and attempt. */
  attemptId: string;
  /** Asked before re-claiming a stale claim: did the message with this Message-ID already leave? */
  wasDelivered?: (messageId: string) => Promise<boolean>;
  /** True for a claim the caller knows has ended (an earlier attempt of the same activity): no need to wait out its lease. */
  supersedes?: (previousAttemptId: string) => boolean;
}

export interface LedgerEntry {
  key: string;
  status: LedgerStatus;
  messageId: string;
  attemptId: string;
  /** How many times the key has been claimed: more than one means a retry took over. */
  claims: number;
  claimedAt: Date;
  sentAt?: Date;
  smtpResponse?: string;
  failureReason?: string;
}

export interface SendLedgerOptions {
  leaseMs?: number;
  now?: () => Date;
}

const toEntry = (row: Selectable<SendLedgerTable>): LedgerEntry => ({
  key: row.idempotency_key,
  status: row.status,
  messageId: row.message_id,
  attemptId: row.attempt_id,
  claims: row.claims,
  claimedAt: toDate(row.claimed_at),
  sentAt: optionalDate(row.sent_at),
  smtpResponse: row.smtp_response ?? undefined,
  failureReason: row.failure_reason ?? undefined,
});

export function sendLedger(
  db: Kysely<Database>,
  { leaseMs = 2 * 60_000, now = () => new Date() }: SendLedgerOptions = {},
) {
  async function get(key: string): Promise<LedgerEntry | undefined> {
    const row = await db.selectFrom('send_ledger').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return row && toEntry(row);
  }

  async function markSent(
    key: string,
    { messageId, smtpResponse }: { messageId: string; smtpResponse: string },
  ): Promise<void> {
    const result = await db
      .updateTable('send_ledger')
      .set({ status: 'sent', message_id: messageId, smtp_response: smtpResponse, sent_at: toIso(now()) })
      .where('idempotency_key', '=', key)
      .where('status', '!=', 'sent')
      .executeTakeFirst();
    // Marking it sent twice is harmless (the first time stands); marking a key nobody claimed is a bug.
    if (Number(result.numUpdatedRows) === 0 && !(await get(key)))
      throw new Error(`send ledger: ${key} was never claimed`);
  }

  return {
    get,
    markSent,

    /** The idempotency key (`workflowId:messageKey`) of the message sent with this Message-ID, if any. */
    keyOfMessageId: async (messageId: string): Promise<string | undefined> => {
      const row = await db
        .selectFrom('send_ledger')
        .select('idempotency_key')
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row?.idempotency_key;
    },

    async claim(key: string, { messageId, attemptId, wasDelivered, supersedes }: ClaimOptions): Promise<ClaimResult> {
      const at = now();
      const inserted = await db
        .insertInto('send_ledger')
        .values({
          idempotency_key: key,
          status: 'claimed',
          message_id: messageId,
          attempt_id: attemptId,
          claims: 1,
          claimed_at: toIso(at),
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('idempotency_key')
        .executeTakeFirst();
      if (inserted) return 'claimed';

      const previous = await get(key);
      if (!previous) throw new Error(`send ledger: ${key} vanished while being claimed`);
      if (previous.status === 'sent') return 'already-sent';
      const stale =
        previous.status === 'failed' ||
        previous.claimedAt.getTime() <= at.getTime() - leaseMs ||
        (previous.status === 'claimed' && !!supersedes?.(previous.attemptId));
      if (!stale) return 'in-flight-by-other';

      // Take it over only if nobody else did since we read it: `claims` changes with every claim.
      const taken = await db
        .updateTable('send_ledger')
        .set({
          status: 'claimed',
          message_id: messageId,
          attempt_id: attemptId,
          claims: previous.claims + 1,
          claimed_at: toIso(at),
        })
        .where('idempotency_key', '=', key)
        .where('claims', '=', previous.claims)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 0)
        return (await get(key))?.status === 'sent' ? 'already-sent' : 'in-flight-by-other';

      // A failed attempt was told no by SMTP; only a claim left behind by a dead attempt can hide a sent message.
      if (previous.status === 'claimed' && wasDelivered && (await wasDelivered(previous.messageId))) {
        const smtpResponse = 'delivered by an earlier attempt (found by its Message-ID)';
        await markSent(key, { messageId: previous.messageId, smtpResponse });
        return 'already-sent';
      }
      return 'claimed';
    },

    /** SMTP answered no: the key may be claimed again at once. Only the claim's holder can fail it. */
    async markFailed(key: string, { attemptId, reason }: { attemptId: string; reason: string }): Promise<void> {
      await db
        .updateTable('send_ledger')
        .set({ status: 'failed', failure_reason: reason })
        .where('idempotency_key', '=', key)
        .where('attempt_id', '=', attemptId)
        .where('status', '=', 'claimed')
        .execute();
    },
  };
}
export type SendLedger = ReturnType<typeof sendLedger>;
