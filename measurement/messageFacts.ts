import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, FactMessagesTable, MessageOutcome } from '../storage/schema';
import { dayOf } from './messageDays';

/** One message's outcome as the workflow saw it (workflows/messageOutcomes.ts and the send activity build it). */
export interface OutcomeFact {
  storeId: string;
  customerId: string;
  orderId: string;
  messageKey: string;
  journeyId: string;
  journeyVersion: string;
  stepId: string;
  category: string;
  outcome: MessageOutcome;
  reasonKind?: string;
  /** Ids and rules only (skip reasons name steps and settings, never the customer). */
  reason?: string;
  heldOut?: boolean;
  at: number;
}

/** An unsubscribe this long after a marketing message is put down to it. */
export const UNSUBSCRIBE_WINDOW_MS = 30 * 86_400_000;

/**
 * What became of messages: one row per message and outcome in fact_messages (idempotent: a retried activity or a
 * replayed workflow records it once), counted in fact_message_days in the same transaction for the funnel.
 */
export function messageFacts(db: Kysely<Database>) {
  /** Something that happened to a sent message later (an open, an unsubscribe), under the same ids; once per kind. */
  async function recordAfterSend(
    sent: Selectable<FactMessagesTable>,
    outcome: MessageOutcome,
    at: number,
  ): Promise<void> {
    await insertOutcome({
      store_id: sent.store_id,
      customer_id: sent.customer_id,
      order_id: sent.order_id,
      message_key: sent.message_key,
      journey_id: sent.journey_id,
      journey_version: sent.journey_version,
      step_id: sent.step_id,
      category: sent.category,
      outcome,
      at_ms: at,
    });
  }

  /** Something that happened later to the message sent under this key; nothing when no send of it was recorded. */
  async function recordOfSent(
    storeId: string,
    customerId: string,
    messageKey: string,
    outcome: MessageOutcome,
    at: number,
  ): Promise<void> {
    const message = await db
      .selectFrom('fact_messages')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('customer_id', '=', customerId)
      .where('message_key', '=', messageKey)
      .where('outcome', '=', 'sent')
      .executeTakeFirst();
    if (message) await recordAfterSend(message, outcome, at);
  }

  /** One outcome of a message, once, counted in its day's row of fact_message_days in the same transaction. */
  async function insertOutcome(row: Insertable<FactMessagesTable>): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const { numInsertedOrUpdatedRows } = await tx
        .insertInto('fact_messages')
        .values(row)
        .onConflict((c) => c.columns(['store_id', 'customer_id', 'message_key', 'outcome']).doNothing())
        .executeTakeFirst();
      if (!numInsertedOrUpdatedRows) return;
      const at = Number(row.at_ms);
      await tx
        .insertInto('fact_message_days')
        .values({
          store_id: row.store_id,
          journey_id: row.journey_id,
          day: dayOf(at),
          journey_version: row.journey_version,
          step_id: row.step_id,
          category: row.category,
          outcome: row.outcome,
          reason_kind: row.reason_kind ?? '',
          demo: row.demo ? 1 : 0,
          messages: 1,
          first_ms: at,
        })
        .onConflict((c) =>
          c
            .columns([
              'store_id',
              'journey_id',
              'day',
              'journey_version',
              'step_id',
              'category',
              'outcome',
              'reason_kind',
              'demo',
            ])
            .doUpdateSet((eb) => ({
              messages: eb('fact_message_days.messages', '+', 1),
              first_ms: sql<number>`case when excluded.first_ms < fact_message_days.first_ms then excluded.first_ms else fact_message_days.first_ms end`,
            })),
        )
        .execute();
    });
  }

  return {
    async recordOutcome(fact: OutcomeFact): Promise<void> {
      await insertOutcome({
        store_id: fact.storeId,
        customer_id: fact.customerId,
        order_id: fact.orderId,
        message_key: fact.messageKey,
        journey_id: fact.journeyId,
        journey_version: fact.journeyVersion,
        step_id: fact.stepId,
        category: fact.category,
        outcome: fact.outcome,
        reason_kind: fact.reasonKind ?? null,
        reason: fact.reason ?? null,
        holdout: fact.heldOut ? 1 : 0,
        at_ms: fact.at,
      });
    },

    /**
     * An unsubscribe from an email's link, counted against the last marketing message the customer was sent within
     * `windowMs` before it (the message that made them leave); none when no marketing went out in that time.
     */
    async recordUnsubscribe(
      storeId: string,
      customerId: string,
      at: number,
      windowMs = UNSUBSCRIBE_WINDOW_MS,
    ): Promise<void> {
      const last = await db
        .selectFrom('fact_messages')
        .selectAll()
        .where('store_id', '=', storeId)
        .where('customer_id', '=', customerId)
        .where('outcome', '=', 'sent')
        .where('category', '=', 'marketing')
        .where('at_ms', '>=', at - windowMs)
        .where('at_ms', '<=', at)
        .orderBy('at_ms', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last) await recordAfterSend(last, 'unsubscribed', at);
    },

    /** The first open of a message (the optional pixel); later opens of it add nothing. */
    async recordOpen(storeId: string, customerId: string, messageKey: string, at: number): Promise<void> {
      await recordOfSent(storeId, customerId, messageKey, 'opened', at);
    },

    /** A bounce or a complaint the mail provider reported about a sent message (client/mailEventRecorder.ts); once per message. */
    async recordProviderReport(
      storeId: string,
      customerId: string,
      messageKey: string,
      outcome: 'bounced' | 'complained',
      at: number,
    ): Promise<void> {
      await recordOfSent(storeId, customerId, messageKey, outcome, at);
    },
  };
}
