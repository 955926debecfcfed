import { ApplicationFailure } from '@temporalio/common';
import type { SendMessageInput } from '../../activities/types';
import { Order } from '../../domain/order';
import { fixtureContent } from '../helpers/fixtureContent';
import { DAY, type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';

const content = fixtureContent();
const REFUSAL = 'the mail provider refused the message for good';
/** Every sendMessage the workflow scheduled for the reassurance: a non-retryable failure must not be retried. */
const reassuranceAttempts: SendMessageInput[] = [];

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness(() => content, {
    activities: (real) => ({
      // The reassurance fails for good, as a permanent refusal would; every other message goes out as usual.
      sendMessage: async (input) => {
        if (input.stepId !== 'reassurance') return real.sendMessage(input);
        reassuranceAttempts.push(input);
        throw ApplicationFailure.nonRetryable(REFUSAL, 'SmtpPermanentFailure');
      },
    }),
  });
});
afterAll(() => h?.close());

it('records a message that failed non-retryably with its reason, once, and goes on with the next message', async () => {
  const customerId = 'c-refused';
  const order = Order.parse({
    orderId: `${customerId}-1`,
    placedAt: new Date(await h.now()).toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: { id: customerId, email: `${customerId}@example.com`, timezone: 'Asia/Tokyo', acceptsMarketing: true },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
  });
  await h.gateway.placeOrder(order);
  await h.env.sleep(DAY);
  await h.gateway.reportEvent({
    type: 'order.delivered',
    storeId: 'default',
    customerId,
    orderId: order.orderId,
    occurredAt: new Date(await h.now()).toISOString(),
  });
  await h.env.sleep(2 * DAY);

  const state = await h.state(customerId);
  const messages = state.runs[0].messages;
  const reassurance = messages.find((m) => m.stepId === 'reassurance')!;
  expect(reassurance).toMatchObject({ status: 'failed', reason: REFUSAL });
  expect(reassuranceAttempts).toHaveLength(1);
  expect(state.log).toContainEqual(
    expect.objectContaining({ kind: 'failed', messageKey: reassurance.key, detail: `reassurance: ${REFUSAL}` }),
  );

  // The next message of the journey, the how-to on delivery, was sent and arrived.
  const howTo = messages.find((m) => m.stepId === 'how-to')!;
  expect(howTo.status).toBe('sent');
  const steps = h.sink.mails
    .filter((m) => m.envelopeTo.includes(`${customerId}@example.com`))
    .map((m) => m.parsed.headers.get('x-afterglow-step'));
  expect(steps).toEqual(['how-to']);
});
