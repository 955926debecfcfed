import { z } from 'zod';
import { Locale } from '../definitions/localized';

/**
 * Everything a template may reference. Templates are compiled in Handlebars strict mode, so every key here is
 * always present (null when unknown) and a reference to anything else is an error, not a blank.
 */
export const ProductView = z.object({
  sku: z.string(),
  /** false for a SKU missing from the catalog: templates show generic copy instead of benefits and steps. */
  known: z.boolean(),
  name: z.string(),
  url: z.string().nullable(),
  imageUrl: z.string().nullable(),
  quantity: z.number().int(),
  benefits: z.array(z.string()),
  howTo: z.array(z.string()),
  /** daysOfSupply × quantity, or null for durable goods. */
  supplyDays: z.number().int().nullable(),
  /** Its results build with steady use (the catalog says so): copy about keeping them up fits it. */
  buildsResults: z.boolean(),
  /** Where to review it publicly, or null. */
  reviewUrl: z.string().nullable(),
  /** When the customer first bought it, if before this order (ISO; format with formatDate), else null. */
  ownedSince: z.string().nullable(),
  /** The catalog milestones (titles) the customer has reached since then: the results that make it worth buying again. */
  results: z.array(z.string()),
  /** The catalog's own per-product fields (its `fields:`), in the message's language; null where a product has none. */
  extra: z.record(z.string(), z.string().nullable()),
});
export type ProductView = z.infer<typeof ProductView>;

export const MilestoneView = z.object({ week: z.number().int(), title: z.string(), notice: z.string() });
export type MilestoneView = z.infer<typeof MilestoneView>;

/** The context for products of this shape: `messageContextFor` names the catalog's fields so validate can check them. */
function contextWith<P extends z.ZodType>(product: P) {
  return z.object({
    locale: Locale,
    /** IANA zone all dates are shown in: the customer's, else the store's. */
    timezone: z.string(),
    store: z.object({
      name: z.string(),
      url: z.string(),
      supportEmail: z.string(),
      /** A link to share with friends, or null when the store has no referral programme. */
      referralUrl: z.string().nullable(),
      /** The store's postal address (the law wants it in marketing email), or null. */
      postalAddress: z.string().nullable(),
      /** What the store gives its VIP customers besides prices (may be empty). */
      vipBenefits: z.array(z.string()),
    }),
    customer: z.object({
      /** The customer's first name, or null; templates greet generically without it. */
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      /** Their first order with the store, if before this one (ISO), else null: a returning customer. */
      since: z.string().nullable(),
      /** Orders so far, this one included (refunded and cancelled ones not counted). */
      orderCount: z.number().int(),
    }),
    order: z.object({
      id: z.string(),
      /** ISO 8601 instant; format with {{formatDate order.placedAt}}. */
      placedAt: z.string(),
      /** Decimal string; format with {{formatMoney order.total order.currency}}. */
      total: z.string(),
      currency: z.string(),
      itemCount: z.number().int(),
    }),
    /** Every product in the order. */
    products: z.array(product),
    /** The product this message is about (per-product steps), else the order's first product. */
    product: product,
    /** The milestone this message is about (milestone steps), else null. */
    milestone: MilestoneView.nullable(),
    /**
     * True when the message covers several products of a large order at once (stores' combineProductMessagesAbove):
     * templates then list `items` / `milestones` instead of speaking of one `product`.
     */
    combined: z.boolean(),
    /** The products this message is about: the one of a per-product step, several when combined, else the order's. */
    items: z.array(product),
    /** The milestones this message announces, each with its product (one, or several when combined). */
    milestones: z.array(z.object({ product: product, milestone: MilestoneView })),
    /** Complementary products for cross-sell / upsell / refill messages (may be empty). */
    recommendations: z.array(product),
    links: z.object({
      shop: z.string(),
      /** "Order again": the store's cart link with the product, else its page (refill, win-back). */
      reorder: z.string(),
      /**
       * A feedback message's rating links: one row per product (`name`), each with five `scores` ({ value 1-5, url }).
       * Each link opens a page where the customer confirms the rating (and may add a comment). Empty elsewhere.
       */
      ratings: z.array(
        z.object({
          sku: z.string(),
          name: z.string(),
          scores: z.array(z.object({ value: z.number().int(), url: z.string() })),
        }),
      ),
      /** A win-back message's answer links, one per reason; null elsewhere. */
      reasons: z
        .object({
          stillHaveSome: z.string(),
          didntWork: z.string(),
          tooExpensive: z.string(),
          boughtElsewhere: z.string(),
          somethingElse: z.string(),
        })
        .nullable(),
      /** Marketing only (null on service messages): one-click unsubscribe and the preference page. */
      unsubscribe: z.string().nullable(),
      preferences: z.string().nullable(),
    }),
    message: z.object({
      /** service messages never ask for consent; marketing messages carry the unsubscribe footer. */
      category: z.enum(['service', 'marketing']),
      stepId: z.string(),
    }),
  });
}

export const MessageContext = contextWith(ProductView);
export type MessageContext = z.infer<typeof MessageContext>;

/** The message context with `product.extra` holding exactly the catalog's declared fields: what validate checks against. */
export function messageContextFor(fields: readonly string[]): z.ZodType {
  return contextWith(
    ProductView.extend({ extra: z.object(Object.fromEntries(fields.map((f) => [f, z.string().nullable()]))).strict() }),
  );
}
