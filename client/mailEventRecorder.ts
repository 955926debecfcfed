import type { Kysely } from 'kysely';
import { ledgerKeyParts } from '../activities/messageId';
import { type MailEvent, type MailProvider, MessageDelivery, normalMessageId } from '../domain/mailEvents';
import type { FactStore } from '../measurement/facts';
import { mailEventEffect } from '../rules/mailEvents';
import { optOutStore } from '../storage/optOuts';
import { outboxStore } from '../storage/outbox';
import type { Database } from '../storage/schema';
import { sendLedger } from '../storage/sendLedger';
import { webhookDeliveryStore } from '../storage/webhookDeliveries';
import { messageDelivery, ownerOfWorkflowId } from '../workflows/signals';

/** One verified notification from a provider: its event id (what deduplicates it) and what it reports. */
export interface MailReport {
  provider: MailProvider;
  eventId: string;
  events: MailEvent[];
}

/** What came of a report, for the route's log line: counts and ids, never the address. */
export interface MailReportResult {
  duplicate: boolean;
  blocks: number;
  signals: number;
  /** Events whose Message-ID is not one of our sends (another sender on the account, or a message older than the ledger). */
  unknownMessages: number;
}

export interface MailEventRecorderOptions {
  facts: Pick<FactStore, 'recordProviderReport'>;
  /** Sends the outbox entries just written (client/outboxDrainer.ts); whatever does not go now goes later. */
  drain: (ids: number[]) => Promise<unknown>;
  /** Every store Afterglow sends for: an address reported for a message we cannot place is blocked in each. */
  storeIds: () => string[];
  now?: () => Date;
}

interface Placed {
  event: MailEvent;
  message?: { storeId: string; customerId: string; workflowId: string; messageKey: string; messageId: string };
}

/**
 * A provider's bounce or complaint, after its signature checked out: the address blocked (rules/mailEvents.ts), the
 * journey told through the outbox, both in one transaction with the event id, so a report is acted on once and
 * never half. The message is found by the Message-ID our send gave it (activities/messageId.ts), which the send
 * ledger maps to its store, customer and message. Mail goes out through one relay for every store, so an address
 * reported for a message that cannot be placed is blocked in every store: the provider refuses it (or was told of
 * a complaint) whoever sends next.
 */
export function mailEventRecorder(
  db: Kysely<Database>,
  { facts, drain, storeIds, now = () => new Date() }: MailEventRecorderOptions,
) {
  const ledger = sendLedger(db);

  async function place(event: MailEvent): Promise<Placed> {
    if (!event.messageId) return { event };
    const messageId = normalMessageId(event.messageId);
    const key = await ledger.keyOfMessageId(messageId);
    const parts = key ? ledgerKeyParts(key, messageId) : undefined;
    const owner = parts && ownerOfWorkflowId(parts.workflowId);
    return owner ? { event, message: { ...owner, ...parts, messageId } } : { event };
  }

  return async function recordMailReport(report: MailReport): Promise<MailReportResult> {
    // Events Afterglow does not act on (delivered, opened…) are not even remembered.
    if (!report.events.length) return { duplicate: false, blocks: 0, signals: 0, unknownMessages: 0 };
    const placed = await Promise.all(report.events.map(place));
    // Facts first, outside the transaction: they are idempotent, so a report retried after a failure below records them once.
    for (const { event, message } of placed) {
      const { outcome } = mailEventEffect(event.kind);
      if (outcome && message)
        await facts.recordProviderReport(
          message.storeId,
          message.customerId,
          message.messageKey,
          outcome,
          Date.parse(event.occurredAt),
        );
    }
    const result: MailReportResult = {
      duplicate: false,
      blocks: 0,
      signals: 0,
      unknownMessages: placed.filter((p) => !p.message).length,
    };
    const ids = await db.transaction().execute(async (trx) => {
      if (
        (await webhookDeliveryStore(trx, now).sighting(report.provider, report.eventId, report.provider)) !== 'first'
      ) {
        result.duplicate = true;
        return [];
      }
      const blocks = optOutStore(trx, now);
      const outbox = outboxStore(trx, now);
      const enqueued: number[] = [];
      for (const { event, message } of placed) {
        const { block } = mailEventEffect(event.kind);
        const stores = message ? [message.storeId] : storeIds();
        if (block)
          for (const storeId of stores) {
            await blocks.blockAddress({
              storeId,
              email: event.recipient,
              customerId: message?.customerId,
              reason: block,
              source: `${report.provider}:${report.eventId}`,
            });
            result.blocks++;
          }
        if (!message) continue;
        const delivery = MessageDelivery.parse({
          messageKey: message.messageKey,
          messageId: message.messageId,
          provider: report.provider,
          kind: event.kind,
          occurredAt: event.occurredAt,
          detail: event.detail,
        });
        enqueued.push(
          await outbox.enqueue({ workflowId: message.workflowId, signal: messageDelivery.name, args: [delivery] }),
        );
      }
      return enqueued;
    });
    result.signals = ids.length;
    // Best effort: whatever does not go now, the drainer sends later.
    if (ids.length) await drain(ids).catch(() => undefined);
    return result;
  };
}
export type RecordMailReport = ReturnType<typeof mailEventRecorder>;
