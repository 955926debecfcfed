import type { Insertable } from 'kysely';
import type { FactClicksTable } from '../../storage/schema';
import { BURST_MS, TOO_SOON_MS } from '../botClicks';
import { productUrl } from './products';
import type { Random } from './random';
import { DAY, HOUR, JOURNEY_ID, JOURNEY_VERSION, MINUTE, SECOND } from './constants';

export type ClickRow = Insertable<FactClicksTable>;

/** A message as sent, enough to click on it. */
export interface SentMessage {
  storeId: string;
  customerId: string;
  messageKey: string;
  stepId: string;
  item: string;
  at: number;
  demo: 0 | 1;
}

/** Share of sent messages a person clicks, by step: reminders of something running out get the most. */
const CLICK_RATE: Record<string, number> = {
  refill: 0.12,
  'win-back': 0.06,
  'cross-sell': 0.07,
  upsell: 0.05,
  'how-to': 0.09,
  milestone: 0.05,
};
const DEFAULT_CLICK_RATE = 0.04;
/** Share of sent messages a mail scanner or link previewer opens (botClicks.ts flags them). */
const SCANNED = 0.12;
const SHOP = 'https://shop.example.com/';

const linkOf = (m: SentMessage) => (m.item === 'order' ? SHOP : productUrl(m.item.split('#')[0]));

function click(m: SentMessage, link: string, at: number, botReason: string | null): ClickRow {
  return {
    store_id: m.storeId,
    customer_id: m.customerId,
    message_key: m.messageKey,
    journey_id: JOURNEY_ID,
    journey_version: JOURNEY_VERSION,
    step_id: m.stepId,
    link,
    clicked_ms: Math.round(at),
    bot_reason: botReason,
    demo: m.demo,
  };
}

/** A person's click: minutes to days after the send, never as fast as a scanner. */
export function humanClick(m: SentMessage, at: number): ClickRow {
  return click(m, linkOf(m), Math.max(at, m.at + TOO_SOON_MS + MINUTE), null);
}

/** The machine clicks on one message, each with the reason machineClickReason would give. */
function scannerClicks(m: SentMessage, rng: Random): ClickRow[] {
  const roll = rng.next();
  if (roll < 0.4) return [click(m, linkOf(m), m.at + rng.between(TOO_SOON_MS, 5 * MINUTE), 'scanner-agent')];
  if (roll < 0.65)
    return [click(m, linkOf(m), m.at + rng.between(SECOND, TOO_SOON_MS - SECOND), 'too-soon-after-send')];
  if (roll < 0.8) return [click(m, linkOf(m), m.at + rng.between(SECOND, 2 * MINUTE), 'head-request')];
  if (roll < 0.85) return [click(m, linkOf(m), m.at + rng.between(SECOND, HOUR), 'no-user-agent')];
  // A scanner walking every link of the message within BURST_MS.
  const start = m.at + rng.between(TOO_SOON_MS, 10 * MINUTE);
  return [linkOf(m), `${SHOP}account`, `${SHOP}pages/contact`].map((link, i) =>
    click(m, link, start + (i * BURST_MS) / 3, 'burst-of-links'),
  );
}

/** Clicks on a sent message: sometimes a scanner's, sometimes a person's. */
export function clicksOn(m: SentMessage, rng: Random): ClickRow[] {
  const clicks = rng.chance(SCANNED) ? scannerClicks(m, rng) : [];
  if (rng.chance(CLICK_RATE[m.stepId] ?? DEFAULT_CLICK_RATE))
    clicks.push(humanClick(m, m.at + rng.wait(6 * HOUR, 3 * DAY)));
  return clicks;
}
