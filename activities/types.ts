import type { Product } from '../definitions/catalogSchema';
import type { MessageStep } from '../definitions/journeySchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { Order } from '../domain/order';
import type { MarketingPreference, MessageItem } from '../rules/journeyState';
import type { RunPlan } from '../rules/planRun';

export interface PlanOrderInput {
  order: Order;
  firstOrder: boolean;
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
}

/** One message to render and send: everything the template needs travels with it, pinned by the workflow. */
export interface SendMessageInput {
  workflowId: string;
  /** Idempotency key of the message; the Message-ID derives from workflowId + messageKey. */
  messageKey: string;
  stepId: string;
  template: string;
  category: MessageStep['category'];
  to: string;
  store: StoreSettings;
  order: Order;
  products: Record<string, Product>;
  item: MessageItem;
  recommendSkus: string[];
}

/** Sent (now, or by an earlier attempt the ledger remembers), or not sent because the address is suppressed. */
export type SendMessageResult =
  | { status: 'sent'; messageId: string; locale: string }
  | { status: 'suppressed'; reason: string };

export interface JourneyActivities {
  planOrder(input: PlanOrderInput): Promise<PlanOrderResult>;
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>;
}
