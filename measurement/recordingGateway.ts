import type { JourneyGateway } from '../client/journeyGateway';
import { storeSettings } from '../definitions/loadStores';
import type { StoreSettings } from '../definitions/storeSchema';
import { addDuration } from '../rules/duration';
import type { FactStore } from './facts';

/** How long after a message an order counts as its doing, for the store (stores/<store>.yaml measurement). */
export function attributionWindowMs(stores: Map<string, StoreSettings>, storeId: string): number {
  return addDuration(0, storeSettings(stores, storeId).measurement.attributionWindow, 'UTC');
}

/**
 * The journey gateway, with every order and store event recorded for the reports before it goes to the journey.
 * Both writes are idempotent, so a store retrying after a 503 from Temporal records the order once.
 */
export function recordingGateway(
  gateway: JourneyGateway,
  facts: Pick<FactStore, 'recordOrder' | 'recordEvent'>,
  attributionWindowMs: (storeId: string) => number,
): JourneyGateway {
  return {
    async placeOrder(order) {
      await facts.recordOrder(order, attributionWindowMs(order.storeId));
      return gateway.placeOrder(order);
    },
    async reportEvent(event) {
      await facts.recordEvent(event);
      return gateway.reportEvent(event);
    },
  };
}
