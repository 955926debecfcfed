import type { RecordConsentChange } from '../../client/consentRecorder';
import { ConsentChange } from '../../domain/consent';
import { JourneyEvent } from '../../domain/events';
import { Order } from '../../domain/order';
import type { PrivacyRequests } from '../../privacy/privacyRequests';
import type { WebhookResourceVersions } from '../../storage/webhookResourceVersions';
import { ApiError, parseOrThrow } from '../errors';
import { type JourneyGateway, JourneyNotFoundError } from '../journeyGateway';
import type { PrivacySubject, ShopifyAction } from './topicPlan';

/** What carrying out Shopify's deliveries needs; the parts a deployment lacks answer 503 for the topics that need them. */
export interface ShopifyDependencies {
  gateway: JourneyGateway;
  /** The customer an order was placed for (measurement/facts.ts keeps every order that reached the API). */
  customerOfOrder?: (storeId: string, orderId: string) => Promise<string | undefined>;
  /** The customers whose orders came with an address (measurement/facts.ts), for privacy requests that name no id. */
  customersOfEmail?: (storeId: string, email: string) => Promise<string[]>;
  /** The consent path of POST /v1/consent (client/consentRecorder.ts). */
  recordConsent?: RecordConsentChange;
  /** Exports and erasures (privacy/privacyRequests.ts). */
  privacy?: PrivacyRequests;
  /** The newest times applied per resource: stale deliveries, and consents already recorded. */
  resources?: WebhookResourceVersions;
}

/** The answer to Shopify, and whether the delivery changed anything (only then does it count for staleness). */
export interface Outcome {
  body: Record<string, unknown>;
  applied: boolean;
}

const SOURCE = 'shopify';

function needs<T>(dependency: T | undefined, what: string): T {
  if (dependency === undefined)
    throw new ApiError(
      503,
      'webhook_not_configured',
      `this Afterglow cannot take Shopify's ${what} yet: nothing was done`,
    );
  return dependency;
}

/**
 * The customers a privacy request is about: the one it names by id, else those whose orders came with its address
 * or are the orders it names (Shopify sometimes sends only the address).
 */
async function privacySubjects(subject: PrivacySubject, storeId: string, deps: ShopifyDependencies): Promise<string[]> {
  if (subject.customerId) return [subject.customerId];
  const found = new Set<string>();
  for (const email of subject.emails)
    for (const id of (await deps.customersOfEmail?.(storeId, email)) ?? []) found.add(id);
  for (const orderId of subject.orderIds) {
    const id = await deps.customerOfOrder?.(storeId, orderId);
    if (id) found.add(id);
  }
  return [...found];
}

/** Carries out what one delivery asks (topicPlan.ts); `topic` names the source of privacy requests. */
export async function applyPlan(
  action: ShopifyAction,
  { storeId, topic }: { storeId: string; topic: string },
  deps: ShopifyDependencies,
): Promise<Outcome> {
  switch (action.kind) {
    case 'skip':
      return { body: { skipped: action.reason }, applied: false };

    case 'order': {
      // Still 200 for an order that cannot have a journey: Shopify would otherwise retry it, then drop the subscription.
      if ('skipped' in action.mapped) return { body: { skipped: action.mapped.skipped }, applied: false };
      const { workflowId } = await deps.gateway.placeOrder(parseOrThrow(Order, action.mapped.order));
      return { body: { workflowId }, applied: true };
    }

    case 'order-event': {
      const customerOfOrder = needs(deps.customerOfOrder, 'order events (no order facts to find their customer in)');
      const customerId = await customerOfOrder(storeId, action.orderId);
      if (!customerId) return { body: { skipped: `order ${action.orderId} never reached Afterglow` }, applied: false };
      const event = parseOrThrow(JourneyEvent, {
        type: action.type,
        storeId,
        customerId,
        orderId: action.orderId,
        occurredAt: action.occurredAt,
        ...(action.refund && { refund: action.refund }),
      });
      try {
        const { workflowId } = await deps.gateway.reportEvent(event);
        return { body: { workflowId }, applied: true };
      } catch (err) {
        if (err instanceof JourneyNotFoundError)
          return { body: { skipped: `customer ${customerId} has no journey` }, applied: false };
        throw err;
      }
    }

    case 'consent': {
      const recordConsent = needs(deps.recordConsent, 'consent changes');
      const consentRef = {
        provider: SOURCE,
        account: storeId,
        resource: `customer/${action.customerId}/email-marketing-consent`,
      };
      // customers/update comes with every change to the customer; the consent it carries is recorded once.
      const recorded = action.consentAt === undefined ? undefined : await deps.resources?.newest(consentRef);
      if (recorded !== undefined && recorded >= action.consentAt!)
        return { body: { skipped: 'this consent, or a newer one, was already recorded' }, applied: true };
      const change = parseOrThrow(ConsentChange, {
        storeId,
        customerId: action.customerId,
        marketing: action.marketing,
        occurredAt: action.occurredAt,
        source: 'store',
        ...(action.optInLevel && { optInLevel: action.optInLevel }),
      });
      await recordConsent(change);
      if (action.consentAt !== undefined) await deps.resources?.applied(consentRef, action.consentAt);
      return { body: { recorded: true }, applied: true };
    }

    case 'export':
    case 'erase': {
      const privacy = needs(deps.privacy, 'privacy requests');
      const customers = await privacySubjects(action.customer, storeId, deps);
      if (customers.length === 0)
        return {
          body: { skipped: 'no customer of this store matches the request: nothing is held about them' },
          applied: false,
        };
      const source = `${SOURCE}:${topic}`;
      const requestIds = [];
      for (const customerId of customers)
        requestIds.push(
          (action.kind === 'export'
            ? await privacy.requestExport({ storeId, customerId, source })
            : await privacy.requestErasure({ storeId, customerId, source, emails: action.customer.emails })
          ).requestId,
        );
      return { body: { requestIds }, applied: true };
    }
    case 'erase-store': {
      const { requestId } = await needs(deps.privacy, 'privacy requests').requestStoreErasure({
        storeId,
        source: `${SOURCE}:${topic}`,
      });
      return { body: { requestId }, applied: true };
    }
  }
}
