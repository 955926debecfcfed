import { z } from 'zod';
import { StoreKeyHash } from '../credentials/storeKeys';
import { IanaTimeZone } from '../domain/timeZone';
import { Locale } from './localized';
import { SendingSettings } from './sendingSchema';

/** Per-store settings: stores/<storeId>.yaml; stores without a file use stores/default.yaml. */
export const StoreSettings = z
  .object({
    name: z.string().min(1),
    url: z.url(),
    supportEmail: z.email(),
    defaultLocale: Locale.default('en'),
    locales: z.array(Locale).min(1).default(['en']),
    /** Used for send times when the customer's own zone is unknown. */
    timezone: IanaTimeZone,
    /** A customer is VIP from this many orders or this lifetime spend (in the order currency), whichever comes first. */
    vip: z
      .object({ minOrders: z.number().int().min(1).default(3), minLifetimeSpend: z.number().min(0).optional() })
      .strict()
      .default({ minOrders: 3 }),
    /** Send window, marketing caps and soft opt-in; every field has a default. */
    sending: SendingSettings.default({
      window: { start: '09:00', end: '20:00' },
      marketingCaps: { minHoursBetween: 20, maxPerWeek: 3 },
      softOptIn: false,
      combineProductMessagesAbove: 3,
    }),
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
