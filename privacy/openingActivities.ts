import { ApplicationFailure } from '@temporalio/activity';
import type { JourneyActivities } from '../activities/types';
import { openCustomer } from './personalFields';
import { isSealed } from './sealedFormat';
import { ErasedDataError, type PersonalDataVault } from './vault';

/**
 * A worker without the vault's keys while the API seals: plain values (old histories, an API without keys) pass,
 * a sealed one fails the attempt and is retried, so the journey goes on once the worker is given the keys (rather
 * than mailing a sealed string, or hashing one for search).
 */
export const withoutVaultKeys: Pick<PersonalDataVault, 'open'> = {
  async open(fields) {
    if (Object.values(fields).some(isSealed))
      throw ApplicationFailure.retryable(
        'a sealed value reached a worker without AFTERGLOW_VAULT_KEYS',
        'VaultKeysMissing',
      );
    return fields;
  },
};

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
export function openingActivities(
  activities: JourneyActivities,
  vault: Pick<PersonalDataVault, 'open'>,
): JourneyActivities {
  return {
    ...activities,
    planOrder: async (input) =>
      activities.planOrder({
        ...input,
        order: { ...input.order, customer: await orFail(() => openCustomer(vault, input.order.customer)) },
      }),
    sendMessage: async (input) => {
      const [{ to }, customer] = await orFail(() =>
        Promise.all([vault.open({ to: input.to }), openCustomer(vault, input.order.customer)]),
      );
      return activities.sendMessage({ ...input, to, order: { ...input.order, customer } });
    },
    alertSupport: async (input) =>
      activities.alertSupport({ ...input, contact: await orFail(() => openCustomer(vault, input.contact)) }),
  };
}
