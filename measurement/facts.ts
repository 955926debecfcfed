import { type Kysely, sql } from 'kysely';
import type { JourneyEvent } from '../domain/events';
import type { Order } from '../domain/order';
import { emailHash } from '../storage/email';
import type { Database } from '../storage/schema';
import { attributeOrder, type Touch } from './attribution';
import { BURST_MS, machineClickReason } from './botClicks';
import { dayOf } from './messageDays';
import { messageFacts } from './messageFacts';

export interface EntryFact {
  storeId: string;
  journeyId: string;
  customerId: string;
  orderId: string;
  journeyVersion: string;
  heldOut: boolean;
  at: number;
}

/** A click on a tracked link, as the redirect sees it. */
export interface ClickFact {
  storeId: string;
  customerId: string;
  messageKey: string;
  journeyId: string;
  stepId: string;
  link: string;
  method: string;
  userAgent?: string;
  at: number;
}

const num = (value: number | string | bigint | null | undefined) => Number(value ?? 0);

/**
 * The facts reports are computed from (storage/migrations/0005_measurement.ts). Every write is idempotent, so a
 * retried request or activity records a fact once; nothing here holds personal data beyond an address hash.
 */
export function factStore(db: Kysely<Database>) {
  /** Messages the customer was sent, and clicked as a person, in the window before `at`. */
  async function touchesBefore(storeId: string, customerId: string, at: number, windowMs: number) {
    const [received, clicks] = await Promise.all([
      db
        .selectFrom('fact_messages')
        .select(['message_key', 'journey_id', 'journey_version', 'step_id', 'at_ms'])
        .where('store_id', '=', storeId)
        .where('customer_id', '=', customerId)
        .where('outcome', '=', 'sent')
        .where('at_ms', '>=', at - windowMs)
        .where('at_ms', '<=', at)
        .execute(),
      db
        .selectFrom('fact_clicks')
        .select(['message_key', 'journey_id', 'journey_version', 'step_id', 'clicked_ms as at_ms'])
        .where('store_id', '=', storeId)
        .where('customer_id', '=', customerId)
        .where('bot_reason', 'is', null)
        .where('clicked_ms', '>=', at - windowMs)
        .where('clicked_ms', '<=', at)
        .execute(),
    ]);
    const touch = (r: {
      message_key: string;
      journey_id: string;
      journey_version: string | null;
      step_id: string;
      at_ms: number | string;
    }): Touch => ({
      messageKey: r.message_key,
      journeyId: r.journey_id,
      ...(r.journey_version !== null && { journeyVersion: r.journey_version }),
      stepId: r.step_id,
      at: num(r.at_ms),
    });
    return { received: received.map(touch), clicks: clicks.map(touch) };
  }

  /**
   * Sets what the order's refunds take off its revenue, from every refund recorded (so a repeat or a reordering of
   * deliveries gives the same answer): the whole total once a refund without details came, else the sum of the
   * refunds in the order's currency, at most the total. One statement, so concurrent refunds cannot lose one.
   */
  async function creditRefunds(storeId: string, orderId: string): Promise<void> {
    const refundsOfTheOrder = sql`from fact_events e where e.store_id = fact_orders.store_id and e.order_id = fact_orders.order_id and e.type = 'order.refunded'`;
    const sum = sql`coalesce(sum(e.amount), 0)`;
    await sql`update fact_orders set refunded = case
        when exists (select 1 ${refundsOfTheOrder} and e.event_key = '') then total
        else (select case when ${sum} > fact_orders.total then fact_orders.total else ${sum} end ${refundsOfTheOrder}
              and (e.currency is null or e.currency = fact_orders.currency))
      end
      where store_id = ${storeId} and order_id = ${orderId}`.execute(db);
  }

  return {
    ...messageFacts(db),

    /** The order, credited to the message the customer last clicked (and last received) within `windowMs`. */
    async recordOrder(order: Order, windowMs: number, now = Date.now()): Promise<void> {
      const placedAt = Date.parse(order.placedAt);
      const { received, clicks } = await touchesBefore(order.storeId, order.customer.id, placedAt, windowMs);
      const { byClick, byReceipt } = attributeOrder(placedAt, clicks, received, windowMs);
      await db
        .insertInto('fact_orders')
        .values({
          store_id: order.storeId,
          order_id: order.orderId,
          customer_id: order.customer.id,
          email_hash: emailHash(order.customer.email),
          placed_ms: placedAt,
          currency: order.currency,
          total: Number(order.total),
          click_journey_id: byClick?.journeyId ?? null,
          click_step_id: byClick?.stepId ?? null,
          click_message_key: byClick?.messageKey ?? null,
          click_journey_version: byClick?.journeyVersion ?? null,
          received_journey_id: byReceipt?.journeyId ?? null,
          received_step_id: byReceipt?.stepId ?? null,
          received_message_key: byReceipt?.messageKey ?? null,
          received_journey_version: byReceipt?.journeyVersion ?? null,
          recorded_ms: now,
        })
        .onConflict((c) => c.columns(['store_id', 'order_id']).doNothing())
        .execute();
    },

    /**
     * A store event. A refund takes its amount off the revenue credited to the order (all of it for a refund without
     * details); each refund counts once, by its id, and a second one of the same order counts too.
     */
    async recordEvent(event: JourneyEvent, now = Date.now()): Promise<void> {
      const refund = event.type === 'order.refunded' ? event.refund : undefined;
      await db
        .insertInto('fact_events')
        .values({
          store_id: event.storeId,
          order_id: event.orderId,
          customer_id: event.customerId,
          type: event.type,
          event_key: refund?.refundId ?? '',
          amount: refund?.amount !== undefined ? Number(refund.amount) : null,
          currency: refund?.currency ?? null,
          occurred_ms: Date.parse(event.occurredAt),
          recorded_ms: now,
        })
        .onConflict((c) => c.columns(['store_id', 'order_id', 'type', 'event_key']).doNothing())
        .execute();
      if (event.type === 'order.refunded') await creditRefunds(event.storeId, event.orderId);
    },

    /** The customers whose orders came with this address (a privacy request may name a customer by address only). */
    async customersOfEmail(storeId: string, email: string): Promise<string[]> {
      const rows = await db
        .selectFrom('fact_orders')
        .select('customer_id')
        .distinct()
        .where('store_id', '=', storeId)
        .where('email_hash', '=', emailHash(email))
        .orderBy('customer_id')
        .execute();
      return rows.map((r) => r.customer_id);
    },

    /** The customer an order was placed for, as it reached the API; undefined for an order never received. */
    async customerOfOrder(storeId: string, orderId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('fact_orders')
        .select('customer_id')
        .where('store_id', '=', storeId)
        .where('order_id', '=', orderId)
        .executeTakeFirst();
      return row?.customer_id;
    },

    async recordEntries(entries: EntryFact[]): Promise<void> {
      if (entries.length === 0) return;
      await db
        .insertInto('journey_entries')
        .values(
          entries.map((e) => ({
            store_id: e.storeId,
            journey_id: e.journeyId,
            customer_id: e.customerId,
            order_id: e.orderId,
            journey_version: e.journeyVersion,
            holdout: e.heldOut ? (1 as const) : (0 as const),
            entered_ms: e.at,
          })),
        )
        .onConflict((c) => c.columns(['store_id', 'journey_id', 'customer_id', 'order_id']).doNothing())
        .execute();
    },

    /**
     * Records a click with the reason it looks like a machine's, if any; a burst across the message's links flags
     * the earlier clicks of the burst too. Returns that reason.
     */
    async recordClick(click: ClickFact): Promise<string | undefined> {
      const [sent, others] = await Promise.all([
        db
          .selectFrom('fact_messages')
          .select(['at_ms', 'journey_version'])
          .where('store_id', '=', click.storeId)
          .where('customer_id', '=', click.customerId)
          .where('message_key', '=', click.messageKey)
          .where('outcome', '=', 'sent')
          .executeTakeFirst(),
        db
          .selectFrom('fact_clicks')
          .select(['id', 'clicked_ms'])
          .where('store_id', '=', click.storeId)
          .where('message_key', '=', click.messageKey)
          .where('customer_id', '=', click.customerId)
          .where('link', '!=', click.link)
          .where('clicked_ms', '>=', click.at - BURST_MS)
          .execute(),
      ]);
      const botReason = machineClickReason({
        method: click.method,
        userAgent: click.userAgent,
        sentAt: sent ? num(sent.at_ms) : undefined,
        at: click.at,
        otherLinksClickedAt: others.map((o) => num(o.clicked_ms)),
      });
      await db
        .insertInto('fact_clicks')
        .values({
          store_id: click.storeId,
          customer_id: click.customerId,
          message_key: click.messageKey,
          journey_id: click.journeyId,
          journey_version: sent?.journey_version ?? null,
          step_id: click.stepId,
          link: click.link,
          clicked_ms: click.at,
          bot_reason: botReason ?? null,
        })
        .execute();
      if (botReason === 'burst-of-links')
        await db
          .updateTable('fact_clicks')
          .set({ bot_reason: 'burst-of-links' })
          .where(
            'id',
            'in',
            others.map((o) => o.id),
          )
          .where('bot_reason', 'is', null)
          .execute();
      return botReason;
    },

    /** Deletes facts older than `before` (the retention setting). */
    async prune(before: number): Promise<void> {
      await db.deleteFrom('fact_messages').where('at_ms', '<', before).execute();
      await db.deleteFrom('fact_message_days').where('day', '<', dayOf(before)).execute();
      await db.deleteFrom('fact_clicks').where('clicked_ms', '<', before).execute();
      await db.deleteFrom('fact_events').where('occurred_ms', '<', before).execute();
      await db.deleteFrom('fact_orders').where('placed_ms', '<', before).execute();
      await db.deleteFrom('journey_entries').where('entered_ms', '<', before).execute();
    },
  };
}
export type FactStore = ReturnType<typeof factStore>;
