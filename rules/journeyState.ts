import type { ExitEvent, JourneyDefinition, Step } from '../definitions/journeySchema';
import type { Product } from '../definitions/catalogSchema';
import type { SendWindowSetting } from '../definitions/sendingSchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { ConsentChange } from '../domain/consent';
import type { Order } from '../domain/order';

/**
 * The state of one customer's entity workflow. It is carried across continue-as-new, so it is plain JSON and
 * versioned: a new shape gets a new `v` and an upgrade step, never a silent reinterpretation.
 */
export interface CustomerState {
  v: 1;
  storeId: string;
  customerId: string;
  /** Contact details from the newest order (only ever inside encrypted payloads, never in summaries or logs). */
  contact: Order['customer'];
  orders: OrderRecord[];
  /** Explicit marketing choices (unsubscribe, pause, resubscribe); absent until the customer makes one. */
  marketing?: MarketingPreference;
  runs: JourneyRun[];
  /** Set while support has paused the customer's journeys: nothing is sent until resumed. */
  paused?: { by: string; reason: string; at: string };
  /** Every support action, newest last: who did what and why. */
  supportActions?: SupportActionRecord[];
  /** Newest last, bounded: what support and tests read to see why something happened. */
  log: LogEntry[];
}

export interface OrderRecord {
  orderId: string;
  placedAt: string;
  total: string;
  currency: string;
  deliveredAt?: string;
  refundedAt?: string;
  cancelledAt?: string;
  reviewedAt?: string;
}

export interface SupportActionRecord {
  at: string;
  action: 'pause' | 'resume' | 'skip-next' | 'resend' | 'change-email' | 'end' | 'migrate';
  by: string;
  reason: string;
  /** What it changed, with ids: the skipped message, the resent one, the ended order. */
  detail: string;
}

/** The customer's explicit marketing choice, as it stands (rules/consent.ts decides which change stands). */
export interface MarketingPreference {
  status: ConsentChange['marketing'];
  /** End of a pause. */
  until?: string;
  /** When it was made (a store's claim capped at when Afterglow heard of it). */
  at: string;
  source: ConsentChange['source'];
}

/** One journey for one order, pinned to the definition (and product data) it started with. */
export interface JourneyRun {
  key: string;
  journeyId: string;
  version: string;
  orderId: string;
  order: Order;
  exitOn: ExitEvent[];
  sendWindow?: SendWindowSetting;
  steps: Step[];
  store: StoreSettings;
  /** Catalog entries of the order's SKUs, and of the products they recommend, as they were at the start. */
  products: Record<string, Product>;
  messages: PlannedMessage[];
  waits: WaitRecord[];
  status: 'active' | 'completed' | 'exited';
  exitReason?: string;
}

/** One product, or one milestone of a product. */
export type SingleItem = { kind: 'product'; sku: string } | { kind: 'milestone'; sku: string; index: number };
/**
 * What a message is about: the whole order (null), one product or milestone, or several of them combined into one
 * message (an order with more products than the store's `combineProductMessagesAbove`: rules/messageItems.ts).
 */
export type MessageItem = null | SingleItem | { kind: 'combined'; items: SingleItem[] };

export type MessageStatus = 'pending' | 'sent' | 'skipped' | 'failed' | 'cancelled';

export interface PlannedMessage {
  /** Stable idempotency key: run key + step id + item. Message-IDs derive from it. */
  key: string;
  stepIndex: number;
  stepId: string;
  item: MessageItem;
  status: MessageStatus;
  /** Set once its anchor is known (delivery-anchored steps wait for the delivery or its timeout). */
  dueAt?: string;
  resolvedAt?: string;
  /** Set while a due message waits for its send window or the frequency cap; `reason` says which. */
  deferredUntil?: string;
  reason?: string;
  messageId?: string;
}

export interface WaitRecord {
  stepIndex: number;
  stepId: string;
  event: 'order.delivered' | 'review.submitted';
  deadline: string;
  resolvedAt?: string;
  outcome?: 'event' | 'timeout';
}

export interface LogEntry {
  at: string;
  kind: 'order' | 'event' | 'consent' | 'sent' | 'skipped' | 'deferred' | 'failed' | 'ignored' | 'warning' | 'support';
  orderId?: string;
  messageKey?: string;
  detail: string;
}

export const LOG_LIMIT = 200;

export type { JourneyDefinition };
