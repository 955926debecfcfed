import { z } from 'zod';
import type { ConsentChange } from '../../../domain/consent';
import { parseOrThrow } from '../../errors';
import { exactId } from '../mapOrder';
import { exactIdCheck, idFields } from '../shopifyOrderSchema';
import { eventTime, type ShopifyTopic } from '../topicPlan';

/** customers/update (REST Customer): the fields read. States and levels stay open: a new one must not fail. */
const ShopifyCustomerUpdate = z
  .object({
    ...idFields,
    updated_at: z.string().nullish(),
    email_marketing_consent: z
      .object({ state: z.string(), opt_in_level: z.string().nullish(), consent_updated_at: z.string().nullish() })
      .nullish(),
  })
  .refine(exactIdCheck.check, exactIdCheck.params);

/**
 * Shopify's email marketing states that are a choice: "subscribed", and "unsubscribed" (was subscribed, no longer).
 * "not_subscribed" (never was), "pending" (double opt-in not confirmed yet), "invalid" and "redacted" say nothing
 * the customer chose; the order's checkbox and the store's soft opt-in go on deciding.
 */
const CHOICES: Record<string, 'subscribed' | 'unsubscribed'> = {
  subscribed: 'subscribed',
  unsubscribed: 'unsubscribed',
};
const OPT_IN_LEVELS: Record<string, ConsentChange['optInLevel']> = {
  single_opt_in: 'single',
  confirmed_opt_in: 'confirmed',
};

/**
 * customers/update: the customer's email marketing consent, dated by its consent_updated_at, through the consent
 * path every store report takes (client/consentRecorder.ts): it stands unless the customer's own later "no" does
 * (rules/consent.ts). The payload is the whole customer as of its trigger: an older one is stale.
 */
export const customersUpdate: ShopifyTopic = (payload, { now, triggeredAt }) => {
  const customer = parseOrThrow(ShopifyCustomerUpdate, payload);
  const customerId = exactId(customer);
  const resource = `customer/${customerId}`;
  const consent = customer.email_marketing_consent;
  if (!consent) return { action: { kind: 'skip', reason: 'no email_marketing_consent in the payload' }, resource };
  const marketing = CHOICES[consent.state];
  if (!marketing)
    return {
      action: { kind: 'skip', reason: `email marketing state "${consent.state}" is not a choice of the customer's` },
      resource,
    };
  const consentAt = consent.consent_updated_at ? Date.parse(consent.consent_updated_at) : NaN;
  return {
    action: {
      kind: 'consent',
      customerId,
      marketing,
      ...(marketing === 'subscribed' &&
        consent.opt_in_level && { optInLevel: OPT_IN_LEVELS[consent.opt_in_level] ?? 'unknown' }),
      occurredAt: eventTime([consent.consent_updated_at, customer.updated_at, triggeredAt], now),
      ...(!Number.isNaN(consentAt) && { consentAt }),
    },
    resource,
  };
};
