import { ApplicationFailure } from '@temporalio/common';
import type { JourneyActivities, SendMessageInput } from '../../activities/types';
import type { JourneyGateway } from '../../client/journeyGateway';
import { ChangeEmailInJourney, ResendMessageInJourney } from '../../domain/supportActions';
import { Order } from '../../domain/order';
import { openingActivities, withoutVaultKeys } from '../../privacy/openingActivities';
import { sealingJourneyGateway } from '../../privacy/sealingGateway';
import { personalDataVault } from '../../privacy/vault';
import { ringOf } from '../codec/support';
import { storageFor } from '../storage/backends';

const stores = storageFor('sqlite');
const PERSONAL = ['ada.sealed@example.com', 'ada.sealed', 'Adeline', 'Sealwright'];

const order = Order.parse({
  orderId: 'S-1',
  placedAt: '2026-03-05T12:00:00Z',
  currency: 'USD',
  total: '58.00',
  customer: {
    id: 'c-seal',
    email: 'ada.sealed@example.com',
    firstName: 'Adeline',
    lastName: 'Sealwright',
    acceptsMarketing: true,
  },
  lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
});

async function sealedOrder() {
  const vault = personalDataVault((await stores.open()).db, ringOf('v1'));
  const signalled: Order[] = [];
  const inner: JourneyGateway = {
    placeOrder: async (o) => {
      signalled.push(o);
      return { workflowId: 'w' };
    },
    reportEvent: async () => ({ workflowId: 'w' }),
  };
  await sealingJourneyGateway(inner, vault).placeOrder(order);
  return { vault, signalled: signalled[0] };
}

it('signals the order with the address and names sealed, and nothing else changed', async () => {
  const { signalled } = await sealedOrder();
  const text = JSON.stringify(signalled);
  for (const personal of PERSONAL) expect(text).not.toContain(personal);
  for (const field of [signalled.customer.email, signalled.customer.firstName, signalled.customer.lastName])
    expect(field).toMatch(/^afterglow-sealed:v1:/);
  expect({ ...signalled, customer: { ...signalled.customer, email: '', firstName: '', lastName: '' } }).toEqual({
    ...order,
    customer: { ...order.customer, email: '', firstName: '', lastName: '' },
  });
});

it('hands the activities the opened values: the recipient, the names a template shows, the address EmailHash is made of', async () => {
  const { vault, signalled } = await sealedOrder();
  const seen: unknown[] = [];
  const activities = openingActivities(
    {
      planOrder: async (input) => (seen.push(input.order.customer), { plans: [], warnings: [] }),
      sendMessage: async (input) => (
        seen.push({ to: input.to, customer: input.order.customer }),
        { status: 'sent', messageId: 'm', locale: 'en' }
      ),
      alertSupport: async (input) => void seen.push(input.contact),
      recordOutcome: async () => undefined,
    } satisfies JourneyActivities,
    vault,
  );
  await activities.planOrder({ order: signalled, firstOrder: true });
  await activities.sendMessage({ to: signalled.customer.email, order: signalled } as SendMessageInput);
  await activities.alertSupport({ contact: signalled.customer } as Parameters<JourneyActivities['alertSupport']>[0]);
  expect(seen).toEqual([order.customer, { to: 'ada.sealed@example.com', customer: order.customer }, order.customer]);

  // The customer erased: the activity fails for good (no retry can open the value), naming no one.
  await vault.destroy({ storeId: 'default', customerId: 'c-seal' });
  const failure = await activities
    .sendMessage({ to: signalled.customer.email, order: signalled } as SendMessageInput)
    .catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'CustomerErased', nonRetryable: true });
  for (const personal of PERSONAL) expect((failure as Error).message).not.toContain(personal);
});

it('the journey validators take a sealed address where support gives one, and still refuse what is neither', async () => {
  const { signalled } = await sealedOrder();
  const sealed = signalled.customer.email;
  expect(ChangeEmailInJourney.safeParse({ by: 'agent', reason: 'moved house', email: sealed }).success).toBe(true);
  expect(
    ResendMessageInJourney.safeParse({ by: 'agent', reason: 'lost it', messageKey: 'k', to: sealed }).success,
  ).toBe(true);
  const refused = ChangeEmailInJourney.safeParse({
    by: 'agent',
    reason: 'moved house',
    email: 'afterglow-sealed:v1:short',
  });
  expect(refused.success).toBe(false);
  expect(refused.error?.issues.map((i) => i.path.join('.'))).toContain('email');
  // Still strict, like the API's schema.
  expect(ChangeEmailInJourney.safeParse({ by: 'agent', reason: 'moved house', email: sealed, extra: 1 }).success).toBe(
    false,
  );
});

it('a worker without the vault keys passes plain values and retries a sealed one instead of mailing it', async () => {
  const { signalled } = await sealedOrder();
  const sent: string[] = [];
  const activities = openingActivities(
    {
      planOrder: async () => ({ plans: [], warnings: [] }),
      sendMessage: async (input) => (sent.push(input.to), { status: 'sent', messageId: 'm', locale: 'en' }),
      alertSupport: async () => undefined,
      recordOutcome: async () => undefined,
    } satisfies JourneyActivities,
    withoutVaultKeys,
  );
  await activities.sendMessage({ to: order.customer.email, order } as SendMessageInput);
  const failure = await activities
    .sendMessage({ to: signalled.customer.email, order: signalled } as SendMessageInput)
    .catch((err: unknown) => err);
  expect(failure).toMatchObject({ type: 'VaultKeysMissing', nonRetryable: false });
  expect(sent).toEqual(['ada.sealed@example.com']);
});
