import { answerRecorder, type RecordAnswer } from '../../client/answerRecorder';
import { trackedTargets } from '../helpers/trackedLinks';
import { outboxDrainer } from '../../client/outboxDrainer';
import { Answer } from '../../domain/answers';
import { Order } from '../../domain/order';
import { verifyAnswerToken } from '../../links/answerToken';
import type { CustomerState } from '../../rules/journeyState';
import { fixtureContent } from '../helpers/fixtureContent';
import { DAY, type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';

/**
 * Each kind of answer on the real workflow (time-skipping server, real activities, SMTP sink): the customer answers
 * through the link of the real email (its token names the message), the answer is stored and signalled through the
 * outbox as in production, and the default journey's onAnswer reactions do what the journey file says.
 */
const content = fixtureContent();
const SERUM = 'VC-SERUM-30'; // milestones, cross-sell, upsell, 30 days of supply

let h: JourneyHarness;
let recordAnswer: RecordAnswer;
beforeAll(async () => {
  h = await startJourneyHarness(() => content);
  recordAnswer = answerRecorder(h.stores.db, outboxDrainer(h.stores.outbox, h.env.client).drain);
});
afterAll(() => h?.close());

const mailsTo = (customerId: string) => h.sink.mails.filter((m) => m.envelopeTo.includes(`${customerId}@example.com`));
const steps = (customerId: string) => mailsTo(customerId).map((m) => m.parsed.headers.get('x-afterglow-step'));
const supportMails = () => h.sink.mails.filter((m) => m.envelopeTo.includes('support@shop.example.com'));

async function deliveredOrder(customerId: string, orderId = `${customerId}-1`) {
  const order = Order.parse({
    orderId,
    placedAt: new Date(await h.now()).toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: {
      id: customerId,
      email: `${customerId}@example.com`,
      firstName: 'Ada',
      acceptsMarketing: true,
      timezone: 'Asia/Tokyo',
    },
    lineItems: [{ sku: SERUM, title: 'Serum', quantity: 1, unitPrice: '58.00' }],
  });
  await h.gateway.placeOrder(order);
  await h.env.sleep(DAY);
  await h.gateway.reportEvent({
    type: 'order.delivered',
    storeId: 'default',
    customerId,
    orderId,
    occurredAt: new Date(await h.now()).toISOString(),
  });
  return order;
}

/** The answer link of the `step` email for `choice`, as the customer clicks it, answered (with a comment). */
async function answerFromEmail(customerId: string, step: 'feedback' | 'win-back', choice: string, comment?: string) {
  const mail = mailsTo(customerId).find((m) => m.parsed.headers.get('x-afterglow-step') === step)!;
  const urls = [...(mail.parsed.html as string).matchAll(/href="http:\/\/127\.0\.0\.1:3000\/a\/([^"]+)"/g)].map(
    (m) => m[1],
  );
  // The send activity signs on the real clock (links expire in real time); the answer happens on the journey's clock.
  const link = urls.map((token) => verifyAnswerToken(token, [TEST_LINK_SECRET])).find((l) => l.choice === choice)!;
  await recordAnswer(Answer.parse({ ...link, choice, comment, answeredAt: new Date(await h.now()).toISOString() }));
}

async function stateOf(customerId: string): Promise<CustomerState> {
  return h.state(customerId);
}

it('a rating of 2: an apology at once, support told with the comment, and no more marketing about that order', async () => {
  await deliveredOrder('c-low');
  await h.env.sleep(22 * DAY); // the feedback goes 3 weeks after the delivery
  expect(steps('c-low')).toContain('feedback');
  await answerFromEmail('c-low', 'feedback', '2', 'It stings on my cheeks');
  await h.env.sleep(30 * DAY); // past the upsell (5 weeks after the delivery)

  expect(steps('c-low')).toContain('sorry');
  const alert = supportMails().find((m) => m.parsed.subject?.includes('c-low'))!;
  expect(alert.parsed.subject).toBe('[Afterglow Demo Store] Customer c-low rated 2/5 (VC-SERUM-30): order c-low-1');
  expect(alert.parsed.replyTo?.value).toEqual([{ address: 'c-low@example.com', name: '' }]);
  expect(alert.parsed.text).toContain('> It stings on my cheeks');
  expect(alert.parsed.text).toContain('/v1/customers/c-low?storeId=default');
  const state = await stateOf('c-low');
  expect(state.runs[0].messages.find((m) => m.stepId === 'upsell')).toMatchObject({
    status: 'skipped',
    reason: 'held back: the customer rated 2/5 (VC-SERUM-30)',
  });
  expect(steps('c-low')).not.toContain('upsell');
  expect(state.answers).toEqual([
    expect.objectContaining({
      choice: '2',
      hasComment: true,
      changes: ['no more marketing about order c-low-1', 'sorry planned', 'support alerted'],
    }),
  ]);
  expect(state.log.some((l) => l.kind === 'support' && l.detail === 'support alerted: rated 2/5 (VC-SERUM-30)')).toBe(
    true,
  );
});

it('a rating of 5: a day later, an invitation to review that product publicly', async () => {
  await deliveredOrder('c-high');
  await h.env.sleep(22 * DAY);
  await answerFromEmail('c-high', 'feedback', '5');
  await h.env.sleep(2 * DAY);

  const invite = mailsTo('c-high').find((m) => m.parsed.headers.get('x-afterglow-step') === 'review-invite')!;
  expect(trackedTargets(invite.parsed.html as string)).toContain(content.products.get(SERUM)!.reviewUrl!);
  expect(supportMails().some((m) => m.parsed.subject?.includes('c-high'))).toBe(false);
});

it('"I still have some left": the refill and the question come again a month later', async () => {
  await deliveredOrder('c-still');
  await h.env.sleep(52 * DAY); // refill at 25 days, win-back at 30 days of supply + 3 weeks
  expect(steps('c-still').filter((s) => s === 'refill')).toHaveLength(1);
  await answerFromEmail('c-still', 'win-back', 'still-have-some');
  await h.env.sleep(29 * DAY);
  expect(steps('c-still').filter((s) => s === 'refill')).toHaveLength(1);
  await h.env.sleep(3 * DAY);
  expect(steps('c-still').filter((s) => s === 'refill')).toHaveLength(2);
});

it('"It didn\'t work for me": the steps again, support told, and no more selling about that order', async () => {
  await deliveredOrder('c-nope');
  await h.env.sleep(52 * DAY);
  await answerFromEmail('c-nope', 'win-back', 'didnt-work', 'No change after a month');
  await h.env.sleep(DAY);

  const again = mailsTo('c-nope').find((m) => m.parsed.headers.get('x-afterglow-step') === 'how-to-again')!;
  expect(again.parsed.text).toContain(content.products.get(SERUM)!.howTo.en[0]);
  expect(supportMails().find((m) => m.parsed.subject?.includes('c-nope'))?.parsed.text).toContain(
    '> No change after a month',
  );
  expect((await stateOf('c-nope')).marketingHolds).toEqual([expect.objectContaining({ orderId: 'c-nope-1' })]);
});

it('"I bought something else": no marketing about that product for half a year, even after a new order', async () => {
  await deliveredOrder('c-else');
  await h.env.sleep(52 * DAY);
  await answerFromEmail('c-else', 'win-back', 'bought-elsewhere');
  await deliveredOrder('c-else', 'c-else-2');
  await h.env.sleep(60 * DAY);

  const second = (await stateOf('c-else')).runs.find(
    (r) => r.orderId === 'c-else-2' && r.journeyId === 'post-purchase',
  )!;
  const marketing = second.messages.filter((m) => ['cross-sell', 'upsell', 'refill'].includes(m.stepId));
  expect(marketing.length).toBeGreaterThan(0);
  for (const message of marketing)
    expect(message).toMatchObject({ status: 'skipped', reason: 'held back: the customer answered bought-elsewhere' });
  // Service messages still go: the returning customer is thanked for the new order.
  expect(second.messages.find((m) => m.stepId === 'thanks-again')).toMatchObject({ status: 'sent' });
});
