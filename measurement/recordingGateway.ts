import type { JourneyGateway } from '../client/journeyGateway';
import type { FactStore } from './facts';

/**
 * The journey gateway, with every order and store event recorded for the reports before it goes to the journey.
 * Both writes are idempotent, so a store retrying after a 503 from Temporal records the order once.
 */
export function recordingGateway(gateway: JourneyGateway, facts: Pick<FactStore, 'recordOrder' | 'recordEvent'>, attributionWindowMs: (storeId: string) => number): JourneyGateway {
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
