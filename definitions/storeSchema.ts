import { z } from 'zod';
import { StoreKeyHash } from '../credentials/storeKeys';
import { IanaTimeZone } from '../domain/timeZone';
import { Locale, localized } from './localized';
import { SendingSettings } from './sendingSchema';
import { Duration } from './conditionSchema';

/** Per-store settings: stores/<storeId>.yaml; stores without a file use stores/default.yaml. */
export const StoreSettings = z
  .object({
    name: z.string().min(1),
    url: z.url(),
    supportEmail: z.email(),
    /** The store's cart link with one product in it, `{sku}` where its SKU goes ("order again" buttons); else the product page. */
    cartUrl: z
      .string()
      .includes('{sku}', { message: 'must contain {sku}, e.g. https://shop.example.com/cart/add?sku={sku}' })
      .optional(),
    defaultLocale: Locale.default('en'),
    locales: z.array(Locale).min(1).default(['en']),
    /** Used for send times when the customer's own zone is unknown. */
    timezone: IanaTimeZone,
    /** A customer is VIP from this many orders or this lifetime spend (in the order currency), whichever comes first. */
    vip: z
      .object({
        minOrders: z.number().int().min(1).default(3),
        /** A number (any currency), or per currency: { USD: 300, JPY: 45000 }. */
        minLifetimeSpend: z
          .union([
            z.number().min(0),
            z.record(z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "USD"'), z.number().min(0)),
          ])
          .optional(),
        /** What a VIP gets that is not a price cut (early access, trials, an upgrade): the VIP thank-you lists it. */
        benefits: localized(z.array(z.string().min(1)).min(1)).optional(),
      })
      .strict()
      .default({ minOrders: 3 }),
    /**
     * The store's postal address, shown in the footer of every marketing email (CAN-SPAM; Japan's Act on
     * Regulation of Transmission of Specified Electronic Mail). `afterglow validate` requires it when journeys send marketing.
     */
    postalAddress: localized(z.string().min(1)).optional(),
    /** A link customers can share with friends (offered with the review invitation), if the store has a referral programme. */
    referralUrl: z.url().optional(),
    /** Where answers that need a person now (a low rating) are also POSTed, besides the email to supportEmail. */
    alerts: z.object({ webhookUrl: z.url().optional() }).strict().optional(),
    /** How the report credits orders to messages (docs/marketers.md, "Reading the report"). */
    measurement: z
      .object({
        /** An order counts for the last message the customer clicked (or received) this long before it. */
        attributionWindow: Duration.default('5d'),
        /**
         * Add an invisible image that records opens. Off by default: mail apps fetch images by themselves (Apple Mail
         * Privacy Protection), so opens are shown in the report and never used to credit orders.
         */
        openPixel: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Send window, caps, soft opt-in, …: every field has a default (`{}` is parsed through them). */
    sending: SendingSettings.prefault({}),
  })
  .strict();
export type StoreSettings = z.infer<typeof StoreSettings>;

/**
 * A stores/<storeId>.yaml file: the settings, plus the hashes of the store's API keys. Keys are split off when
 * loading (definitions/loadStores.ts), so they never travel with the settings pinned into journeys.
 */
export const StoreFile = StoreSettings.extend({
  /** Written by `npx afterglow keys create` / `keys revoke`: hashes only, never a key. */
  apiKeys: z.array(StoreKeyHash).default([]),
}).strict();
