import type { CustomerState, JourneyRun } from './journeyState';

/**
 * Whether marketing may go to this customer at `now`. An explicit choice wins (unsubscribe, pause, resubscribe);
 * otherwise the checkbox of their newest order, or the store's soft opt-in for customers with an earlier order.
 */
export function marketingConsent(state: CustomerState, run: JourneyRun, now: number): { allowed: true } | { allowed: false; reason: string } {
  const choice = state.marketing;
  if (choice?.status === 'unsubscribed') return { allowed: false, reason: 'unsubscribed from marketing' };
  if (choice?.status === 'paused' && choice.until && now < Date.parse(choice.until))
    return { allowed: false, reason: `marketing paused until ${choice.until}` };
  if (choice?.status === 'subscribed' || state.contact.acceptsMarketing) return { allowed: true };
  const placedAt = Date.parse(run.order.placedAt);
  const existingCustomer = state.orders.some((o) => Date.parse(o.placedAt) < placedAt && !o.refundedAt && !o.cancelledAt);
  if (run.store.sending.softOptIn && existingCustomer) return { allowed: true };
  return { allowed: false, reason: 'no marketing consent' };
}
