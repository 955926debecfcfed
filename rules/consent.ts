import type { ConsentChange } from '../domain/consent';
import type { CustomerState, JourneyRun, MarketingPreference } from './journeyState';

/** A reported change as the choice it makes. */
export function preferenceOf({ marketing, until, occurredAt, source, optInLevel }: ConsentChange): MarketingPreference {
  return { status: marketing, ...(until && { until }), at: occurredAt, source, ...(optInLevel && { optInLevel }) };
}

/** Choices the customer made themselves, through a link in an email. */
const CUSTOMER_OWN: ReadonlySet<MarketingPreference['source']> = new Set(['one-click', 'preference-page']);
/** On equal times the stricter choice stands. */
const STRICTNESS: Record<MarketingPreference['status'], number> = { subscribed: 0, paused: 1, unsubscribed: 2 };

/**
 * Whether `incoming` replaces `current` as the customer's marketing choice. The later choice wins, with two
 * exceptions that keep a customer's "no" from being overridden by a date:
 * - a customer's own unsubscribe or pause gives way to the store only for an explicit opt-in dated strictly later
 *   (a store reporting a pause or an unsubscribe of its own adds nothing to it);
 * - on equal times the stricter choice stands.
 * Times are effective times: a store's claimed time is capped at when Afterglow heard of it (client/consentRecorder).
 */
export function supersedes(current: MarketingPreference | undefined, incoming: MarketingPreference): boolean {
  if (!current) return true;
  const later = Date.parse(incoming.at) - Date.parse(current.at);
  const customerNo = CUSTOMER_OWN.has(current.source) && current.status !== 'subscribed';
  if (customerNo && incoming.source === 'store') return incoming.status === 'subscribed' && later > 0;
  // Stryker disable next-line EqualityOperator: later is not 0 here, so > 0 and >= 0 agree
  if (later !== 0) return later > 0;
  return STRICTNESS[incoming.status] > STRICTNESS[current.status];
}

/** The choice that stands after all of `changes`, in the order they were recorded. */
export function currentChoice(changes: readonly MarketingPreference[]): MarketingPreference | undefined {
  return changes.reduce<MarketingPreference | undefined>(
    (current, change) => (supersedes(current, change) ? change : current),
    undefined,
  );
}

/** Why `choice` blocks marketing at `now`, or undefined when it does not. */
export function choiceBlocks(choice: MarketingPreference | undefined, now: number): string | undefined {
  if (choice?.status === 'unsubscribed') return 'unsubscribed from marketing';
  if (choice?.status === 'paused' && choice.until && now < Date.parse(choice.until))
    return `marketing paused until ${choice.until}`;
  return undefined;
}

/**
 * Whether marketing may go to this customer at `now`. An explicit choice wins (unsubscribe, pause, resubscribe);
 * otherwise the checkbox of their newest order, or the store's soft opt-in for customers with an earlier order.
 */
export function marketingConsent(
  state: CustomerState,
  run: JourneyRun,
  now: number,
): { allowed: true } | { allowed: false; reason: string } {
  const choice = state.marketing;
  const blocked = choiceBlocks(choice, now);
  if (blocked) return { allowed: false, reason: blocked };
  if (choice?.status === 'subscribed' || state.contact.acceptsMarketing) return { allowed: true };
  const placedAt = Date.parse(run.order.placedAt);
  const existingCustomer = state.orders.some(
    (o) => Date.parse(o.placedAt) < placedAt && !o.refundedAt && !o.cancelledAt,
  );
  if (run.store.sending.softOptIn && existingCustomer) return { allowed: true };
  return { allowed: false, reason: 'no marketing consent' };
}

/** Facts about an address (rather than a customer's choice) and what each stops; the most serious first. */
const ADDRESS_BLOCKS = {
  'hard-bounce': 'all',
  support: 'all',
  complaint: 'marketing',
  unsubscribe: 'marketing',
  /**
   * The customer was erased (privacy/): their address is never marketed to again. Service messages of a new order
   * still go (they ordered again; docs/privacy.md).
   */
  erased: 'marketing',
} as const satisfies Record<string, 'all' | 'marketing'>;
export type AddressBlockReason = keyof typeof ADDRESS_BLOCKS;

/**
 * The one opt-out check before a message leaves: the address's blocks, then (marketing only) the customer's choice.
 * Returns why it must not go, or undefined.
 */
export function optOutReason(
  message: { category: 'service' | 'marketing'; at: number },
  addressBlocks: readonly AddressBlockReason[],
  choice: MarketingPreference | undefined,
): string | undefined {
  const blocking = (Object.keys(ADDRESS_BLOCKS) as AddressBlockReason[]).find(
    (reason) =>
      addressBlocks.includes(reason) && (ADDRESS_BLOCKS[reason] === 'all' || message.category === 'marketing'),
  );
  if (blocking) return `address blocked: ${blocking}`;
  return message.category === 'marketing' ? choiceBlocks(choice, message.at) : undefined;
}
