import type { Insertable } from 'kysely';
import { emailHash } from '../../storage/email';
import type { FactEventsTable, FactMessagesTable, FactOrdersTable, JourneyEntriesTable } from '../../storage/schema';
import { attributeOrder, type Touch } from '../attribution';
import { inHoldout } from '../holdout';
import { type ClickRow, clicksOn, humanClick, type SentMessage } from './clicks';
import { type PlannedStep, planRun } from './plan';
import { SYNTHETIC_PRODUCTS, type SyntheticProduct } from './products';
import type { Random } from './random';
import { localHourOf, resolveSteps } from './send';
import {
  ATTRIBUTION_WINDOW_MS,
  DAY,
  HOLDOUT_SHARE,
  HOUR,
  JOURNEY_ID,
  JOURNEY_VERSION,
  MINUTE,
  SECOND,
} from './constants';

export interface CustomerFacts {
  orders: Insertable<FactOrdersTable>[];
  events: Insertable<FactEventsTable>[];
  messages: Insertable<FactMessagesTable>[];
  clicks: ClickRow[];
  entries: Insertable<JourneyEntriesTable>[];
}

export interface StoreContext {
  storeId: string;
  demo: 0 | 1;
  now: number;
  /** First orders fall between this and `now`. */
  since: number;
  rng: Random;
}

/**
 * When the customer orders: the first order, then perhaps a reorder. The true effect of the journey is here and
 * only here: treated customers reorder within 60 days a little more often (24%) than held-out ones (18%).
 */
function orderTimes(
  { rng, now }: StoreContext,
  firstAt: number,
  heldOut: boolean,
  products: SyntheticProduct[],
): number[] {
  const times = [firstAt];
  const supplyDays = Math.min(...products.map((p) => p.daysOfSupply ?? 45));
  // The reorder comes around when the supply runs out, within the 60 days.
  if (rng.chance(heldOut ? 0.18 : 0.24))
    times.push(firstAt + Math.min(supplyDays * rng.between(0.8, 1.3), rng.between(7, 60)) * DAY);
  else if (rng.chance(0.12)) times.push(firstAt + rng.between(61, 180) * DAY);
  while (times.length > 1 && times.length < 5 && rng.chance(0.3))
    times.push(times[times.length - 1] + rng.between(20, 90) * DAY);
  return times.filter((t) => t <= now);
}

function pickProducts(rng: Random): SyntheticProduct[] {
  const first = rng.pick(SYNTHETIC_PRODUCTS);
  const second = rng.chance(0.3) ? rng.pick(SYNTHETIC_PRODUCTS) : first;
  return second === first ? [first] : [first, second];
}

/** Every fact of one customer: their orders, journey runs, messages, clicks, and what each order is credited to. */
export function simulateCustomer(store: StoreContext, index: number): CustomerFacts {
  const { storeId, demo, now, rng } = store;
  const customerId = `c${String(index).padStart(7, '0')}`;
  const hash = emailHash(`${customerId}@customers.example.test`);
  const heldOut = inHoldout(storeId, customerId, JOURNEY_ID, HOLDOUT_SHARE);
  const products = pickProducts(rng);
  const times = orderTimes(store, rng.between(store.since, now), heldOut, products);
  const facts: CustomerFacts = { orders: [], events: [], messages: [], clicks: [], entries: [] };
  const steps: PlannedStep[] = [];
  const reviewed = rng.chance(0.1);
  // US customers, UTC-5 to UTC-8. Carriers deliver in the daytime, so delivery-timed steps mostly fall in the window.
  const utcOffset = -rng.pick([5, 6, 7, 8]) * HOUR;
  const daytime = (at: number) => at + (rng.between(10, 18) - localHourOf(at, utcOffset)) * HOUR;

  times.forEach((placedAt, n) => {
    const orderId = `${customerId}-${n + 1}`;
    const total = products.reduce((sum, p) => sum + p.price * (rng.chance(0.15) ? 2 : 1), 0);
    const deliveredAt = rng.chance(0.88) ? daytime(placedAt + rng.between(2, 6) * DAY) : undefined;
    const refundedAt = rng.chance(0.04) ? placedAt + rng.between(5, 25) * DAY : Infinity;
    const refunded = refundedAt <= now;
    const ids = { store_id: storeId, order_id: orderId, customer_id: customerId };
    facts.orders.push({
      ...ids,
      email_hash: hash,
      placed_ms: Math.round(placedAt),
      currency: 'USD',
      total,
      refunded: refunded ? total : 0,
      demo,
      recorded_ms: Math.round(placedAt + 2 * SECOND),
      // Credited below, once every message and click of the customer is known.
      click_journey_id: null,
      click_step_id: null,
      click_message_key: null,
      click_journey_version: null,
      received_journey_id: null,
      received_step_id: null,
      received_message_key: null,
      received_journey_version: null,
    });
    const event = (type: string, at: number) =>
      facts.events.push({ ...ids, type, occurred_ms: Math.round(at), recorded_ms: Math.round(at + 5 * SECOND) });
    if (deliveredAt !== undefined && deliveredAt <= now) event('order.delivered', deliveredAt);
    if (refunded) event('order.refunded', refundedAt);
    const holdout = heldOut ? (1 as const) : (0 as const);
    facts.entries.push({
      ...ids,
      journey_id: JOURNEY_ID,
      journey_version: JOURNEY_VERSION,
      holdout,
      entered_ms: Math.round(placedAt),
      demo,
    });
    steps.push(
      ...planRun(
        {
          orderId,
          placedAt,
          firstOrder: n === 0,
          products,
          deliveredAt,
          nextOrderAt: times[n + 1] ?? Infinity,
          refundedAt,
        },
        reviewed,
      ),
    );
  });

  const base = { storeId, customerId, heldOut, demo, now, utcOffset };
  const { rows, sent } = resolveSteps(steps, base, rng);
  facts.messages = rows;
  // Nobody clicks in a message that bounced; clicks still to come (after `now`) have not happened yet.
  const delivered = sent.filter((m) => !m.bounced);
  const clicks = [...delivered.flatMap((m) => clicksOn(m, rng)), ...reorderClicks(times, delivered, heldOut, rng)];
  facts.clicks = clicks.filter((c) => Number(c.clicked_ms) <= now);
  attribute(facts, sent);
  return facts;
}

/**
 * Reorders often follow a click on a recent email: more often for treated customers, who get the reminders.
 * The click lands between the message and the order, so it is the order's last human click.
 */
function reorderClicks(times: number[], sent: SentMessage[], heldOut: boolean, rng: Random): ClickRow[] {
  const clicks: ClickRow[] = [];
  for (const placedAt of times.slice(1)) {
    if (!rng.chance(heldOut ? 0.3 : 0.6)) continue;
    const recent = sent.filter(
      (m) => m.at >= placedAt - ATTRIBUTION_WINDOW_MS + 10 * MINUTE && m.at < placedAt - 10 * MINUTE,
    );
    const last = recent[recent.length - 1];
    if (last) clicks.push(humanClick(last, rng.between(last.at + 2 * MINUTE, placedAt - 5 * MINUTE)));
  }
  return clicks;
}

/** Credits each order the way measurement/facts.ts recordOrder does, from the facts generated above. */
function attribute(facts: CustomerFacts, sent: SentMessage[]): void {
  const byKey = new Map(sent.map((m) => [m.messageKey, m]));
  const touch = (key: string, at: number): Touch => ({
    messageKey: key,
    journeyId: JOURNEY_ID,
    stepId: byKey.get(key)!.stepId,
    at,
  });
  const clicks = facts.clicks
    .filter((c) => c.bot_reason === null)
    .map((c) => touch(c.message_key, Number(c.clicked_ms)));
  const received = sent.map((m) => touch(m.messageKey, m.at));
  for (const order of facts.orders) {
    const { byClick, byReceipt } = attributeOrder(Number(order.placed_ms), clicks, received, ATTRIBUTION_WINDOW_MS);
    if (byClick)
      Object.assign(order, {
        click_journey_id: JOURNEY_ID,
        click_journey_version: JOURNEY_VERSION,
        click_step_id: byClick.stepId,
        click_message_key: byClick.messageKey,
      });
    if (byReceipt)
      Object.assign(order, {
        received_journey_id: JOURNEY_ID,
        received_journey_version: JOURNEY_VERSION,
        received_step_id: byReceipt.stepId,
        received_message_key: byReceipt.messageKey,
      });
  }
}
