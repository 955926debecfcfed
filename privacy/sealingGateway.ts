import type { JourneyGateway } from '../client/journeyGateway';
import { sealCustomer } from './personalFields';
import type { PersonalDataVault } from './vault';

/**
 * The journey gateway with the customer's address and names sealed under their key before the order is signalled:
 * the signal, the workflow's state, its continue-as-new input and every activity input hold only sealed values,
 * which the customer's erasure makes unreadable. Wrapped inside the recording gateway, which hashes the plain address.
 * Without a vault (no AFTERGLOW_VAULT_KEYS) the gateway is returned as it is: orders go unsealed.
 */
export function sealingJourneyGateway(gateway: JourneyGateway, vault: PersonalDataVault | undefined): JourneyGateway {
  if (!vault) return gateway;
  return {
    ...gateway,
    placeOrder: async (order) =>
      gateway.placeOrder({ ...order, customer: await sealCustomer(vault, order.storeId, order.customer) }),
  };
}
