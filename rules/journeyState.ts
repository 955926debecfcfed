import type { ExitEvent, JourneyDefinition, MessageStep, Step } from '../definitions/journeySchema';
import type { Product } from '../definitions/catalogSchema';
import type { SendWindowSetting } from '../definitions/sendingSchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { Question } from '../domain/answers';
import type { ConsentChange } from '../domain/consent';
import type { Reaction } from '../definitions/reactionSchema';
import type { RefundedItem } from '../domain/events';
import type { Order } from '../domain/order';
import type { MessageDelivery } from '../domain/mailEvents';

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
  paused?: {
    by: string;
    reason: string;
    at: string;
    /** Resumes by itself then (absent: until support resumes). */ until?: string;
  };
  /** Every support action, newest last: who did what and why. */
  supportActions?: SupportActionRecord[];
  /** The customer's answers (ratings, win-back reasons), newest last, with what each changed. Bounded. */
  answers?: AnswerRecord[];
  /** Marketing held back by an answer: about one order, or one product for a time. */
  marketingHolds?: MarketingHold[];
  /** When a message last asked each question about each product (SKU): "asked for feedback at most once a year". */
  asked?: Partial<Record<Question, Record<string, string>>>;
  /** Keyed hash of the contact's address (credentials/emailSearchHash.ts), what the EmailHash search attribute holds. */
  emailHash?: string;
  /** When an order first made the customer a VIP (the store's thresholds). */
  vipSince?: string;
  /** Newest last, bounded: what support and tests read to see why something happened. */
  log: LogEntry[];
}

export interface OrderRecord {
  orderId: string;
  placedAt: string;
  total: string;
  currency: string;
  /** The order's SKUs (absent on orders recorded before they were kept: rules/customerHistory.ts reads its runs). */
  skus?: string[];
  deliveredAt?: string;
  /** The whole order refunded: a refund without details, or refunds that gave back every product (rules/refunds.ts). */
  refundedAt?: string;
  cancelledAt?: string;
  reviewedAt?: string;
  /** Refunds that named their products or amount, oldest first (up to the one that made it a whole-order refund). */
  refunds?: RefundRecord[];
}

/** A refund of part of an order, as the store reported it (ids and amounts only). */
export interface RefundRecord {
  refundId: string;
  at: string;
  amount?: string;
  currency?: string;
  items: RefundedItem[];
}

export interface AnswerRecord {
  /** When the customer answered. */
  at: string;
  /** The answer's row in the database (its comment, if any, is only there). */
  answerId: number;
  orderId: string;
  messageKey: string;
  question: Question;
  sku?: string;
  choice: string;
  hasComment: boolean;
  /** What the answer changed, in words (ids only): "marketing about order 1001 stopped", "sent sorry". */
  changes: string[];
}

export interface MarketingHold {
  /** Marketing about this order stops (its remaining cross-sell, upsell, refill, win-back). */
  orderId?: string;
  /** Marketing about this product stops, until `until`. */
  sku?: string;
  until?: string;
  /** Why, for the skip reason: "rated 2/5", "bought elsewhere". */
  reason: string;
  at: string;
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
  /** How the subscription was confirmed, when the store said (evidence only). */
  optInLevel?: ConsentChange['optInLevel'];
}

/** One journey for one order, pinned to the definition (and product data) it started with. */
export interface JourneyRun {
  key: string;
  journeyId: string;
  version: string;
  /** The content set whose templates render its messages (absent for runs started before sets were pinned). */
  contentSet?: string;
  orderId: string;
  order: Order;
  exitOn: ExitEvent[];
  sendWindow?: SendWindowSetting;
  steps: Step[];
  store: StoreSettings;
  /** Catalog entries of the order's SKUs, and of the products they recommend, as they were at the start. */
  products: Record<string, Product>;
  /** The journey's onAnswer reactions as they were at the start (absent for runs started before answers existed). */
  reactions?: Reaction[];
  /** In the journey's held-out group: its marketing messages are skipped, its service messages go out. */
  heldOut?: boolean;
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
  /** For a step timed from an answer: when the customer answered. */
  anchoredAt?: string;
  /** Durations an answer moved the message later by ("still have some left"). */
  postponedBy?: string[];
  /** Not before this instant: a step planned again by an answer ("ask me again in a month"). */
  notBefore?: string;
  /** What the mail provider reported after it left (rules/mailEvents.ts `recordDelivery`): a bounce or a complaint. */
  delivery?: MessageDeliveryRecord;
}

export interface MessageDeliveryRecord {
  kind: MessageDelivery['kind'];
  provider: MessageDelivery['provider'];
  /** When the provider says it happened. */
  at: string;
  /** The provider's words (bounce type, feedback type): codes only, never the address. */
  detail: string;
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
  kind:
    | 'order'
    | 'event'
    | 'consent'
    | 'answer'
    | 'sent'
    | 'skipped'
    | 'deferred'
    | 'failed'
    | 'ignored'
    | 'warning'
    | 'support'
    | 'delivery';
  orderId?: string;
  messageKey?: string;
  detail: string;
}

export const LOG_LIMIT = 200;

/** A step that sends (a message step), not one that waits for an event. */
export function isMessageStep(step: Step): step is MessageStep {
  return !('waitFor' in step);
}

/**
 * The message step at `stepIndex` of a run's pinned steps: a planned message's `stepIndex` always names one. Throws
 * for a wait step or an index with no step, rather than reading a wait as a message (its `category`, `at` and
 * `exitOn` are not there).
 */
export function messageStepOf(run: Pick<JourneyRun, 'steps'>, stepIndex: number): MessageStep {
  const step: Step | undefined = run.steps[stepIndex];
  if (step && isMessageStep(step)) return step;
  throw new Error(
    step
      ? `step ${stepIndex} ("${step.id}") waits for ${step.waitFor.event}: it is not a message step`
      : `there is no step ${stepIndex} (the run has ${run.steps.length})`,
  );
}

export type { JourneyDefinition };
