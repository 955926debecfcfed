import type { ConsentChange } from '../../domain/consent';
import type { JourneyEventType, RefundDetails } from '../../domain/events';
import type { MappedShopifyOrder } from './mapOrder';

/**
 * What one Shopify delivery asks of Afterglow, read from its payload by the topic's module (pure: no I/O) and carried
 * out by applyPlan.ts. Ids are exact strings, times ISO 8601 as Shopify sent them (a future one brought back to now).
 */
export type ShopifyAction =
  | { kind: 'order'; mapped: MappedShopifyOrder }
  /** Something that happened to an order; its customer is found from the order (Shopify does not say). */
  | { kind: 'order-event'; orderId: string; type: JourneyEventType; occurredAt: string; refund?: RefundDetails }
  /**
   * The customer's marketing choice as the store has it. `consentAt`: Shopify's own date of the consent, in epoch
   * ms when it sent one, so that the same consent repeated by every later customers/update is recorded once.
   */
  | {
      kind: 'consent';
      customerId: string;
      marketing: 'subscribed' | 'unsubscribed';
      optInLevel?: ConsentChange['optInLevel'];
      occurredAt: string;
      consentAt?: number;
    }
  /** A privacy request about one customer (customers/data_request, customers/redact). */
  | { kind: 'export' | 'erase'; customer: PrivacySubject }
  | { kind: 'erase-store' }
  /** Nothing to do; still a 200, so Shopify neither retries it nor drops the subscription. */
  | { kind: 'skip'; reason: string };

/**
 * Whom a privacy request is about, as Shopify names them: by id, and "in some cases" only by address, with the
 * orders concerned. Afterglow's customers are found from whichever is given (applyPlan.ts).
 */
export interface PrivacySubject {
  customerId?: string;
  emails: string[];
  orderIds: string[];
}

export interface TopicPlan {
  action: ShopifyAction;
  /**
   * What the payload is a snapshot of ("customer/42", "fulfillment/7"), for stale deliveries: one triggered before
   * the newest already applied about it changes nothing. Absent for facts that never go out of date (a refund, an
   * order), which are deduplicated by their ids instead.
   */
  resource?: string;
}

export interface TopicContext {
  /** The store: the shop's myshopify.com domain. */
  storeId: string;
  now: number;
  /** X-Shopify-Triggered-At, when sent. */
  triggeredAt?: string;
}

/** Reads one topic's payload (validated, 400 listing what is wrong) into what to do. */
export type ShopifyTopic = (payload: unknown, context: TopicContext) => TopicPlan;

/**
 * When something happened: the first of `candidates` Shopify sent, and never later than now (a carrier's clock
 * ahead of ours must not date a delivery in the future). Unparseable text is passed on for the event's schema to
 * refuse by name.
 */
export function eventTime(candidates: Array<string | null | undefined>, now: number): string {
  const first = candidates.find((c): c is string => !!c);
  if (first === undefined) return new Date(now).toISOString();
  const at = Date.parse(first);
  return !Number.isNaN(at) && at > now ? new Date(now).toISOString() : first;
}
