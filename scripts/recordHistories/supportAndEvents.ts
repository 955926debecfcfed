import { BY, now, orderOf, type RecordedRun, type Recording, sent, stateShows } from './recording';
import { settled } from './waits';
import type { RecordMailReport } from '../../client/mailEventRecorder';

/**
 * Search attributes full: an order (with a product the catalog lacks), a consent pause, the delivery and the how-to
 * timer firing, then every support action the admin API offers, in the order support would use them (a pause for
 * 30 days among them). The worker keys EmailHash (its patch marker is in the history); change-email hashes the new address.
 */
export async function fullSearchAttributesAndSupport({ full: api, client }: Recording): Promise<RecordedRun[]> {
  const customerId = 'c-full';
  const { workflowId } = await api.order(
    orderOf(customerId, 'F-1', ['VC-SERUM-30', 'GENTLE-CLEANSER', 'NOT-IN-CATALOG']),
  );
  const [reassurance] = await sent(api, customerId, 'F-1', 'reassurance');
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
  await api.consent({ customerId, marketing: 'paused', until, occurredAt: now() });
  await api.event({ type: 'order.delivered', customerId, orderId: 'F-1', occurredAt: now() });
  await sent(api, customerId, 'F-1', 'how-to');
  await api.support(customerId, 'pause', BY);
  await api.support(customerId, 'resume', BY);
  // A pause with an end: the journey sets a timer to it (resumed here by hand, before it fires).
  await api.support(customerId, 'pause', { ...BY, for: '30d' });
  await api.support(customerId, 'resume', BY);
  await api.support(customerId, 'skip-next', BY);
  await api.support(customerId, 'resend', { ...BY, messageKey: reassurance.key });
  await api.support(customerId, 'change-email', { ...BY, email: 'c-full.corrected@example.com' });
  await api.support(customerId, 'end', { ...BY, orderId: 'F-1' });
  await stateShows(api, customerId, 'the journey ended', (s) => s.runs.every((r) => r.status !== 'active'));
  const handle = client.workflow.getHandle(workflowId);
  await settled(handle, customerId);
  return [{ name: 'full-support-updates', workflowId, runId: (await handle.describe()).runId }];
}

/**
 * Search attributes lean: two orders, the first delivered (how-to timer fires) and reviewed, the second of more
 * products than the store's combineProductMessagesAbove (one combined how-to) then refunded, one product first and
 * then the whole order, then an unsubscribe reported by the store. The mail provider reports a soft bounce of the
 * reassurance through the production recorder (the messageDelivery signal, through the outbox).
 */
export async function leanOrdersEventsConsent(
  { lean: api, client }: Recording,
  recordMailReport: RecordMailReport,
): Promise<RecordedRun[]> {
  const customerId = 'c-lean';
  const { workflowId } = await api.order(orderOf(customerId, 'L-1', ['COFFEE-ETHIOPIA-250']));
  const [reassurance] = await sent(api, customerId, 'L-1', 'reassurance');
  await recordMailReport({
    provider: 'mailgun',
    eventId: 'recorded-soft-bounce',
    events: [
      {
        provider: 'mailgun',
        kind: 'soft-bounce',
        recipient: `${customerId}@example.com`,
        messageId: reassurance.messageId,
        occurredAt: now(),
        detail: 'failed/temporary',
      },
    ],
  });
  await stateShows(api, customerId, "the provider's report", (s) =>
    s.runs.some((r) => r.messages.some((m) => m.delivery)),
  );
  await api.event({ type: 'order.delivered', customerId, orderId: 'L-1', occurredAt: now() });
  await sent(api, customerId, 'L-1', 'how-to');
  await api.event({ type: 'review.submitted', customerId, orderId: 'L-1', occurredAt: now() });
  await api.order(
    orderOf(customerId, 'L-2', ['COFFEE-ETHIOPIA-250', 'VC-SERUM-30', 'GENTLE-CLEANSER', 'NOT-IN-CATALOG']),
  );
  await sent(api, customerId, 'L-2', 'thanks-again'); // a returning customer's order
  await api.event({ type: 'order.delivered', customerId, orderId: 'L-2', occurredAt: now() });
  await sent(api, customerId, 'L-2', 'how-to');
  // A refund of one of its products first (the patched('partial-refunds') path): only that product's messages end.
  const refund = { refundId: 'L-2-R1', amount: '10.00', items: [{ sku: 'VC-SERUM-30' }] };
  await api.event({ type: 'order.refunded', customerId, orderId: 'L-2', occurredAt: now(), refund });
  await stateShows(api, customerId, 'the partial refund', (s) => s.orders.some((o) => !!o.refunds?.length));
  await api.event({ type: 'order.refunded', customerId, orderId: 'L-2', occurredAt: now() });
  await api.consent({ customerId, marketing: 'unsubscribed', occurredAt: now() });
  await stateShows(
    api,
    customerId,
    'the refund and the unsubscribe',
    (s) => s.marketing?.status === 'unsubscribed' && s.orders.some((o) => o.refundedAt),
  );
  const handle = client.workflow.getHandle(workflowId);
  await settled(handle, customerId);
  return [{ name: 'lean-orders-events-consent', workflowId, runId: (await handle.describe()).runId }];
}
