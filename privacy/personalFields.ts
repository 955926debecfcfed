import type { Customer } from '../domain/order';
import type { CustomerState } from '../rules/journeyState';
import type { PersonalDataVault } from './vault';

/** The customer's fields that name them: sealed before they enter Temporal, opened where they are needed. */
const pick = ({ email, firstName, lastName }: Customer) => ({ email, firstName, lastName });

export async function sealCustomer(vault: PersonalDataVault, storeId: string, customer: Customer): Promise<Customer> {
  return { ...customer, ...(await vault.seal({ storeId, customerId: customer.id }, pick(customer))) };
}

export async function openCustomer(vault: Pick<PersonalDataVault, 'open'>, customer: Customer): Promise<Customer> {
  return { ...customer, ...(await vault.open(pick(customer))) };
}

/** The journey state with its contact and every run's order opened (the support view, the export). */
export async function openJourneyState(vault: PersonalDataVault, state: CustomerState): Promise<CustomerState> {
  const [contact, runs] = await Promise.all([
    openCustomer(vault, state.contact),
    Promise.all(
      state.runs.map(async (run) => ({
        ...run,
        order: { ...run.order, customer: await openCustomer(vault, run.order.customer) },
      })),
    ),
  ]);
  return { ...state, contact, runs };
}
