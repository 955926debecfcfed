import type { Product } from '../definitions/catalogSchema';
import type { MessageStep } from '../definitions/journeySchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { Order } from '../domain/order';
import type { MarketingPreference, MessageItem } from '../rules/journeyState';
import type { RunPlan } from '../rules/planRun';
import type { AlertRequest } from '../rules/answers';
import type { LoyaltyTotals } from '../rules/conditions';
import type { Question } from '../domain/answers';
import type { CustomerHistory } from '../rules/customerHistory';
import type { OutcomeFact } from '../measurement/messageFacts';

export interface PlanOrderInput {
  order: Order;
  firstOrder: boolean;
  /** The customer's kept orders and spend with this order, and whether an earlier order already made them VIP. */
  loyalty?: LoyaltyTotals & { wasVip: boolean };
  /** Plan only this journey, whatever its trigger says (moving a running run to the journey's current version). */
  journeyId?: string;
}

/** The journeys this order starts, each pinned to the definition and catalog data of this moment. */
export interface PlanOrderResult {
  plans: RunPlan[];
  /** Problems support should see in the journey log (ids only), e.g. a SKU missing from the catalog. */
  warnings: string[];
  /** The customer's stored marketing choice, when they made one (absent in results recorded before it existed). */
  consent?: MarketingPreference;
  /** This order made the customer a VIP for the first time (the store's thresholds). */
  becameVip?: boolean;
  /** The order's address as the EmailHash search attribute holds it (absent without a secret, and in older results). */
  emailHash?: string;
}

/** One message to render and send: everything the template needs travels with it, pinned by the workflow. */
export interface SendMessageInput {
  workflowId: string;
  /** Idempotency key of the message; the Message-ID derives from workflowId + messageKey. */
  messageKey: string;
  /** Its journey, for the tracked links (absent in sends scheduled before links were tracked: they stay untracked). */
  journeyId?: string;
  /** With it, the activity records the send for the reports (measurement/messageFacts.ts); absent: the send is not recorded. */
  journeyVersion?: string;
  /** The customer is in the journey's held-out group (a service message still goes to them). */
  heldOut?: boolean;
  stepId: string;
  template: string;
  /** The content set whose templates render it, the one the run pinned (absent in runs started before sets were pinned). */
  contentSet?: string;
  category: MessageStep['category'];
  to: string;
  store: StoreSettings;
  order: Order;
  products: Record<string, Product>;
  item: MessageItem;
  recommendSkus: string[];
  /** The question the message asks (its step's `asks`): its answer links are signed for this message. */
  asks?: Question;
  /** The customer's history with the store, for repeat customers' copy (absent in sends scheduled before it existed). */
  history?: CustomerHistory;
}

/** Sent (now, or by an earlier attempt the ledger remembers), or not sent because the address is suppressed. */
export type SendMessageResult =
  { status: 'sent'; messageId: string; locale: string } | { status: 'suppressed'; reason: string };

/** An answer the store's support team must see now (rules/answers.ts `AlertRequest`), with whom it is about. */
export interface AlertSupportInput extends AlertRequest {
  workflowId: string;
  storeId: string;
  customerId: string;
  store: StoreSettings;
  /** So support can answer the customer directly (inside the encrypted activity input only). */
  contact: Order['customer'];
}

export interface JourneyActivities {
  planOrder: (input: PlanOrderInput) => Promise<PlanOrderResult>;
  sendMessage: (input: SendMessageInput) => Promise<SendMessageResult>;
  alertSupport(input: AlertSupportInput): Promise<void>;
  /** Records what became of a message for the reports (measurement/messageFacts.ts); idempotent. */
  recordOutcome(fact: OutcomeFact): Promise<void>;
}
