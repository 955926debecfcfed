import { ApplicationFailure } from '@temporalio/activity';
import type { JourneyActivities } from '../activities/types';
import { openCustomer } from './personalFields';
import { ErasedDataError, type PersonalDataVault } from './vault';

/** An erased customer's journey is being ended: retrying would never open the value. */
async function orFail<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    if (err instanceof ErasedDataError) throw ApplicationFailure.nonRetryable(err.message, 'CustomerErased');
    throw err;
  }
}

/**
 * The journey activities with the sealed fields of their inputs opened first: the recipient and the names a
 * template shows (sendMessage), the address EmailHash is computed from (planOrder), the contact in a support alert.
 * The activities themselves never see a sealed value; old histories' plain values pass through.
 */
export function openingActivities(activities: JourneyActivities, vault: PersonalDataVault): JourneyActivities {
  return {
    ...activities,
    planOrder: async (input) => activities.planOrder({ ...input, order: { ...input.order, customer: await orFail(() => openCustomer(vault, input.order.customer)) } }),
    sendMessage: async (input) => {
      const [{ to }, customer] = await orFail(() => Promise.all([vault.open({ to: input.to }), openCustomer(vault, input.order.customer)]));
      return activities.sendMessage({ ...input, to, order: { ...input.order, customer } });
    },
    alertSupport: async (input) => activities.alertSupport({ ...input, contact: await orFail(() => openCustomer(vault, input.contact)) }),
  };
}
