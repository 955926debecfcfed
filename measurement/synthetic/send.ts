import type { Insertable } from 'kysely';
import type { FactMessagesTable, MessageOutcome } from '../../storage/schema';
import type { SentMessage } from './clicks';
import type { PlannedStep } from './plan';
import type { Random } from './random';
import { DAY, HOLDOUT_SHARE, HOUR, JOURNEY_ID, JOURNEY_VERSION, MINUTE } from './constants';

export interface CustomerShape {
  storeId: string;
  customerId: string;
  heldOut: boolean;
  demo: 0 | 1;
  now: number;
  /** The customer's UTC offset in ms: the send window is in their zone. */
  utcOffset: number;
}

/** The store's default send window, in the customer's zone. */
const WINDOW_OPENS = 9;
const WINDOW_CLOSES = 20;
const FREQUENCY_CAPPED = 0.06;
const FAILED = 0.004;
const BOUNCED = 0.003;

/** The hour of the day (fractional) at `at` in a zone `utcOffset` ms from UTC. */
export const localHourOf = (at: number, utcOffset: number) => ((((at + utcOffset) % DAY) + DAY) % DAY) / HOUR;

/**
 * What became of each planned step, in time order, the way workflows/customerJourney.ts decides it: a step whose
 * condition fails is skipped, a bounced address suppresses what follows, marketing is skipped for the held-out
 * group (service still goes) and now and then by the frequency cap, and a step due at night waits for the window.
 * Returns the fact rows and the messages that went out (a bounced one went out too: its 'sent' row comes first).
 */
export function resolveSteps(steps: PlannedStep[], customer: CustomerShape, rng: Random) {
  const { storeId, customerId, heldOut, demo, now, utcOffset } = customer;
  const localHour = (at: number) => localHourOf(at, utcOffset);
  const nextOpening = (at: number) => at + ((WINDOW_OPENS - localHour(at) + 24) % 24) * HOUR;

  const rows: Insertable<FactMessagesTable>[] = [];
  const sent: Array<SentMessage & { bounced: boolean }> = [];
  let bouncedAt = Infinity;
  for (const step of [...steps].sort((a, b) => a.due - b.due)) {
    const cut = Math.min(now, step.endsAt);
    if (step.due > cut) continue;
    // The workflow's key: run key (order/journey) + step + item (rules/planRun.ts).
    const messageKey = `${step.orderId}/${JOURNEY_ID}/${step.stepId}/${step.item}`;
    const message = {
      store_id: storeId,
      customer_id: customerId,
      order_id: step.orderId,
      message_key: messageKey,
      journey_id: JOURNEY_ID,
      journey_version: JOURNEY_VERSION,
      step_id: step.stepId,
      category: step.category,
      holdout: heldOut ? (1 as const) : (0 as const),
      demo,
    };
    const row = (outcome: MessageOutcome, at: number, reasonKind: string | null = null, reason: string | null = null) =>
      rows.push({ ...message, outcome, reason_kind: reasonKind, reason, at_ms: Math.round(at) });
    const marketing = step.category === 'marketing';
    if (step.conditionFails) row('skipped', step.due, 'condition', `${step.stepId}: ${step.conditionFails}`);
    else if (bouncedAt < step.due) row('skipped', step.due, 'suppressed', 'address bounced');
    else if (marketing && heldOut)
      row('skipped', step.due, 'holdout', `held out of ${JOURNEY_ID} (${HOLDOUT_SHARE * 100}%)`);
    else if (marketing && rng.chance(FREQUENCY_CAPPED))
      row('skipped', step.due, 'frequency-cap', 'marketing frequency cap: 2 per 7 days');
    else {
      let at = step.due;
      const hour = localHour(at);
      if (!step.anytime && (hour < WINDOW_OPENS || hour >= WINDOW_CLOSES)) {
        row('deferred', at, null, `outside the send window ${WINDOW_OPENS}:00-${WINDOW_CLOSES}:00`);
        at = nextOpening(at) + rng.between(0, 45 * MINUTE);
        if (at > cut) continue;
      }
      const roll = rng.next();
      if (roll < FAILED) {
        row('failed', at, null, '554 5.7.1 message refused');
        continue;
      }
      row('sent', at);
      const bounced = roll < FAILED + BOUNCED && at + 5 * MINUTE <= now;
      if (bounced) {
        bouncedAt = at + 5 * MINUTE;
        row('bounced', bouncedAt, null, '550 5.1.1 mailbox unavailable');
      }
      sent.push({
        storeId,
        customerId,
        messageKey,
        stepId: step.stepId,
        item: step.item,
        at: Math.round(at),
        demo,
        bounced,
      });
    }
  }
  return { rows, sent };
}
