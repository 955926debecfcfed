import type { MailEvent, MessageDelivery } from '../domain/mailEvents';
import type { AddressBlockReason } from './consent';
import { log } from './applySignals';
import type { CustomerState } from './journeyState';

/** What a provider's report does: the address block it makes, and the message outcome it records for the reports. */
export interface MailEventEffect {
  block?: Extract<AddressBlockReason, 'hard-bounce' | 'complaint'>;
  outcome?: 'bounced' | 'complained';
}

/**
 * A hard bounce blocks the address for all mail (it does not exist, and mailing it again hurts the sender's
 * reputation); a complaint stops marketing to it (the customer still gets their receipts and delivery notes); a
 * soft bounce (mailbox full, greylisted) changes nothing: it is only recorded, the next message may well arrive.
 */
export function mailEventEffect(kind: MailEvent['kind']): MailEventEffect {
  if (kind === 'hard-bounce') return { block: 'hard-bounce', outcome: 'bounced' };
  if (kind === 'complaint') return { block: 'complaint', outcome: 'complained' };
  return {};
}

/** Of two reports about one message, the one that stands: a complaint says more than a bounce, a hard bounce more than a soft one. */
const WEIGHT: Record<MessageDelivery['kind'], number> = { 'soft-bounce': 0, 'hard-bounce': 1, complaint: 2 };

/**
 * Records on the journey what the provider reported about one of its messages, for the journey's state and the
 * support view. A report about a message the journey does not have, or no more serious than what it already has
 * (a provider's retry), is logged and changes nothing.
 */
export function recordDelivery(state: CustomerState, delivery: MessageDelivery, now: number): void {
  const at = new Date(now).toISOString();
  const run = state.runs.find((r) => r.messages.some((m) => m.key === delivery.messageKey));
  const message = run?.messages.find((m) => m.key === delivery.messageKey);
  const words = `${delivery.kind} reported by ${delivery.provider} (${delivery.detail})`;
  if (!run || !message) {
    log(state, { at, kind: 'ignored', messageKey: delivery.messageKey, detail: `${words} for an unknown message` });
    return;
  }
  if (message.delivery && WEIGHT[message.delivery.kind] >= WEIGHT[delivery.kind]) {
    log(state, {
      at,
      kind: 'ignored',
      orderId: run.orderId,
      messageKey: message.key,
      detail: `${words}: ${message.delivery.kind} already recorded`,
    });
    return;
  }
  const { kind, provider, occurredAt, detail } = delivery;
  message.delivery = { kind, provider, at: occurredAt, detail };
  log(state, {
    at,
    kind: 'delivery',
    orderId: run.orderId,
    messageKey: message.key,
    detail: `${message.stepId}: ${words} at ${occurredAt}`,
  });
}
