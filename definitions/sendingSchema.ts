import { z } from 'zod';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "09:00"');

/** Local hours in which scheduled messages may arrive; `start` > `end` is a window across midnight. */
export const SendWindow = z
  .object({ start: ClockTime, end: ClockTime })
  .strict()
  .refine((w) => w.start !== w.end, 'start and end must differ');
export type SendWindow = z.infer<typeof SendWindow>;

/** A window, or "anytime" for messages that answer the customer's own action (the reassurance). */
export const SendWindowSetting = z.union([z.literal('anytime'), SendWindow]);
export type SendWindowSetting = z.infer<typeof SendWindowSetting>;

/** How many marketing messages a customer may get across all journeys. Service messages are never capped. */
export const MarketingCaps = z
  .object({
    minHoursBetween: z.number().min(0).default(20),
    maxPerWeek: z.number().int().min(1).default(3),
  })
  .strict();
export type MarketingCaps = z.infer<typeof MarketingCaps>;

export const SendingSettings = z
  .object({
    window: SendWindow.default({ start: '09:00', end: '20:00' }),
    marketingCaps: MarketingCaps.default({ minHoursBetween: 20, maxPerWeek: 3 }),
    /** Existing customers (a previous order) get marketing without ticking the box, where the store's law allows it. */
    softOptIn: z.boolean().default(false),
    /**
     * An order with more products than this gets one message per step and day instead of one per product (how-to,
     * milestones, refill): 40 products make one how-to, not 40 emails in a minute.
     */
    combineProductMessagesAbove: z.number().int().min(1).default(3),
    /**
     * Every message one customer gets in any 7 days, service included, across all journeys and orders; steps marked
     * `ceiling: exempt` neither count nor wait. Over it, a message waits for a free slot within its expireAfter, else
     * is dropped (at once with whenCapped: drop). Runs pinned before this setting existed have none.
     */
    maxMessagesPerWeek: z.number().int().min(1).default(5),
    /** false: cross-sell and upsell leave out what the customer bought in any earlier order, not only this one. */
    recommendOwnedProducts: z.boolean().default(false),
    /**
     * Messages held back until the send window opens go out over its first this-many minutes, each customer at a
     * moment of their own (always the same one), not all at the opening: a ramp for the mail provider and the
     * workers. 0 (the default, so that a store file written before the setting keeps its send times) sends them
     * all at the opening; the demo store sets 30. Runs pinned before this setting existed have none.
     */
    openingSpreadMinutes: z.number().int().min(0).max(240).default(0),
  })
  .strict();
export type SendingSettings = z.infer<typeof SendingSettings>;
