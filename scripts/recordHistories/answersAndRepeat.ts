import { Answer } from '../../domain/answers';
import { now, orderOf, type RecordedRun, type Recording, sent } from './recording';
import { RECORDED_DAY_MS } from './fastContent';
import { settled } from './waits';

/** The feedback email goes out three journey weeks after the delivery. */
const FEEDBACK_WAIT_MS = 25 * RECORDED_DAY_MS;

/**
 * Search attributes full: an order delivered, its feedback answered with 2 stars through the production recorder
 * (stored, then signalled through the outbox: marketing held, the apology sent, support alerted), then a repeat
 * order of the same product (thanked as a returning customer; how-to and milestones not taught again).
 */
export async function answersAndRepeatOrder(
  { full: api, client }: Recording,
  recordAnswer: (answer: Answer) => Promise<unknown>,
): Promise<RecordedRun[]> {
  const customerId = 'c-answer';
  const { workflowId } = await api.order(orderOf(customerId, 'A-1', ['VC-SERUM-30']));
  await sent(api, customerId, 'A-1', 'reassurance');
  await api.event({ type: 'order.delivered', customerId, orderId: 'A-1', occurredAt: now() });
  const [feedback] = await sent(api, customerId, 'A-1', 'feedback', FEEDBACK_WAIT_MS);
  await recordAnswer(
    Answer.parse({
      storeId: 'default',
      customerId,
      orderId: 'A-1',
      messageKey: feedback.key,
      question: 'feedback',
      sku: 'VC-SERUM-30',
      choice: '2',
      answeredAt: now(),
    }),
  );
  await sent(api, customerId, 'A-1', 'sorry');
  await api.order(orderOf(customerId, 'A-2', ['VC-SERUM-30']));
  await sent(api, customerId, 'A-2', 'thanks-again');
  const handle = client.workflow.getHandle(workflowId);
  await settled(handle, customerId);
  return [{ name: 'answers-and-repeat-order', workflowId, runId: (await handle.describe()).runId }];
}
