import type { CustomerState, JourneyRun, PlannedMessage } from '../../rules/journeyState';
import { formatTimeline } from '../../support/formatTimeline';
import { journey, order, product, store } from '../helpers/fixtures';

const definition = journey({
  id: 'post-purchase',
  name: 'Post-purchase',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service', sendWindow: 'anytime' },
    { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '10d' } },
    {
      id: 'how-to',
      template: 'how-to',
      category: 'service',
      forEach: 'product',
      at: { after: '2h', from: 'delivery' },
    },
    {
      id: 'milestone',
      template: 'milestone',
      category: 'service',
      forEach: 'milestone',
      at: { plusItemOffset: true, from: 'delivery' },
    },
    { id: 'offer', template: 'cross-sell', category: 'marketing', at: { after: '10d' } },
  ],
});
const serum = product('SERUM', { milestones: [{ week: 2, title: { en: 'Glow' }, notice: { en: 'Brighter' } }] });

function message(
  key: string,
  stepIndex: number,
  item: PlannedMessage['item'],
  rest: Partial<PlannedMessage>,
): PlannedMessage {
  return { key, stepIndex, stepId: definition.steps[stepIndex].id, item, status: 'pending', ...rest };
}

function run(
  orderId: string,
  o: ReturnType<typeof order>,
  rest: Pick<JourneyRun, 'messages' | 'waits' | 'status'> & Partial<JourneyRun>,
): JourneyRun {
  return {
    key: `${orderId}/post-purchase`,
    journeyId: 'post-purchase',
    version: 'v-3f2a',
    orderId,
    order: o,
    exitOn: definition.exitOn,
    steps: definition.steps,
    store,
    products: { SERUM: serum },
    ...rest,
  };
}

// An earlier order (no customer zone on it: the store's America/New_York applies), refunded after delivery, and a
// newer one (customer in Asia/Tokyo) still waiting for its delivery; support paused the customer.
const first = order({
  orderId: '0900',
  placedAt: '2026-01-10T15:00:00Z',
  customer: { id: 'c-42', email: 'ada@example.com', acceptsMarketing: true },
});
const second = order({ orderId: '1001', placedAt: '2026-03-02T01:00:00Z' });
const state: CustomerState = {
  v: 1,
  storeId: 'default',
  customerId: 'c-42',
  contact: second.customer,
  orders: [
    {
      orderId: '0900',
      placedAt: first.placedAt,
      total: '49.00',
      currency: 'USD',
      deliveredAt: '2026-01-13T17:00:00Z',
      refundedAt: '2026-01-20T16:00:00Z',
    },
    { orderId: '1001', placedAt: second.placedAt, total: '49.00', currency: 'USD' },
  ],
  marketing: { status: 'paused', until: '2026-04-01T00:00:00Z', at: '2026-03-01T12:00:00Z', source: 'preference-page' },
  runs: [
    run('0900', first, {
      status: 'exited',
      exitReason: 'order.refunded',
      waits: [
        {
          stepIndex: 1,
          stepId: 'await-delivery',
          event: 'order.delivered',
          deadline: '2026-01-20T15:00:00Z',
          resolvedAt: '2026-01-13T17:00:00Z',
          outcome: 'event',
        },
      ],
      messages: [
        message('0900/post-purchase/hello/order', 0, null, {
          status: 'sent',
          resolvedAt: '2026-01-10T15:00:04Z',
          messageId: '<a1@shop.example.com>',
        }),
        message(
          '0900/post-purchase/how-to/SERUM',
          2,
          { kind: 'product', sku: 'SERUM' },
          {
            status: 'sent',
            dueAt: '2026-01-13T19:00:00Z',
            resolvedAt: '2026-01-13T19:00:02Z',
            messageId: '<b2@shop.example.com>',
          },
        ),
        message(
          '0900/post-purchase/milestone/SERUM#0',
          3,
          { kind: 'milestone', sku: 'SERUM', index: 0 },
          { status: 'cancelled', resolvedAt: '2026-01-20T16:00:00Z', reason: 'order.refunded' },
        ),
        message('0900/post-purchase/offer/order', 4, null, {
          status: 'skipped',
          resolvedAt: '2026-01-20T15:00:00Z',
          reason: 'no marketing consent',
        }),
      ],
    }),
    run('1001', second, {
      status: 'active',
      waits: [{ stepIndex: 1, stepId: 'await-delivery', event: 'order.delivered', deadline: '2026-03-12T01:00:00Z' }],
      messages: [
        message('1001/post-purchase/hello/order', 0, null, {
          status: 'sent',
          resolvedAt: '2026-03-02T01:00:05Z',
          messageId: '<c3@shop.example.com>',
        }),
        message('1001/post-purchase/how-to/SERUM', 2, { kind: 'product', sku: 'SERUM' }, {}),
        message('1001/post-purchase/milestone/SERUM#0', 3, { kind: 'milestone', sku: 'SERUM', index: 0 }, {}),
        message('1001/post-purchase/offer/order', 4, null, {
          dueAt: '2026-03-12T01:00:00Z',
          deferredUntil: '2026-03-13T00:00:00Z',
          reason: 'outside send window 09:00-20:00 Asia/Tokyo',
        }),
      ],
    }),
  ],
  paused: { by: 'sam', reason: 'customer travelling, asked for quiet', at: '2026-03-03T09:30:00Z' },
  log: [
    ...Array.from({ length: 9 }, (_, i) => ({
      at: `2026-01-1${i}T00:00:00Z`,
      kind: 'warning' as const,
      detail: `old entry ${i}`,
    })),
    { at: '2026-03-02T01:00:00Z', kind: 'order', orderId: '1001', detail: 'order placed at 2026-03-02T01:00:00Z' },
    {
      at: '2026-03-02T01:00:05Z',
      kind: 'sent',
      orderId: '1001',
      messageKey: '1001/post-purchase/hello/order',
      detail: 'hello (reassurance, en)',
    },
    { at: '2026-03-03T09:30:00Z', kind: 'support', detail: 'pause by sam: all messages held until resumed' },
  ],
};

/** Support reads the journey on the day after the pause. */
const NOW = Date.parse('2026-03-04T00:00:00Z');

describe('formatTimeline', () => {
  it('shows the customer, every message per order and journey in local time and UTC with why, and the newest log', () => {
    expect(formatTimeline(state, NOW)).toBe(
      [
        'Paused by support since 2026-03-03 09:30 UTC, until support resumes: nothing is sent meanwhile. No message has a time yet: the next ones wait for the delivery of order 1001 (the journey goes on by itself 2026-03-12 01:00 UTC if none is reported). offer (2026-03-13 00:00 UTC) will be skipped: marketing paused until 2026-04-01T00:00:00Z.',
        '',
        'Upcoming, in time order:',
        '  2026-03-13 09:00 Asia/Tokyo (2026-03-13 00:00 UTC) · offer · order 1001 · will be skipped: marketing paused until 2026-04-01T00:00:00Z',
        '  no time yet · how-to (Product SERUM) · order 1001 · waits for the delivery (or the step before)',
        '  no time yet · milestone (week 2 Product SERUM) · order 1001 · waits for the delivery (or the step before)',
        '',
        'Sent, newest first:',
        '  2026-03-02 01:00 UTC · hello · order 1001 · <c3@shop.example.com>',
        '  2026-01-13 19:00 UTC · how-to (Product SERUM) · order 0900 · <b2@shop.example.com>',
        '  2026-01-10 15:00 UTC · hello · order 0900 · <a1@shop.example.com>',
        '',
        'Customer c-42 · store default · ada@example.com · time zone Asia/Tokyo (sent by the store)',
        '2 orders · marketing: paused until 2026-04-01 00:00 UTC (preference-page, 2026-03-01 12:00 UTC)',
        'PAUSED by sam since 2026-03-03 09:30 UTC: customer travelling, asked for quiet',
        '',
        'Order 0900 · placed 2026-01-10 10:00 America/New_York · 2026-01-10 15:00 UTC · 49.00 USD · delivered 2026-01-13 17:00 UTC · refunded 2026-01-20 16:00 UTC',
        '  Journey post-purchase (version v-3f2a) · exited: order.refunded · times in America/New_York and UTC',
        '    sent       hello                          2026-01-10 10:00 America/New_York · 2026-01-10 15:00 UTC · <a1@shop.example.com> · key 0900/post-purchase/hello/order',
        '    received   await-delivery                 2026-01-13 12:00 America/New_York · 2026-01-13 17:00 UTC · order.delivered',
        '    sent       how-to SERUM                   2026-01-13 14:00 America/New_York · 2026-01-13 19:00 UTC · <b2@shop.example.com> · key 0900/post-purchase/how-to/SERUM',
        '    cancelled  milestone week 2 SERUM         2026-01-20 11:00 America/New_York · 2026-01-20 16:00 UTC · order.refunded',
        '    skipped    offer                          2026-01-20 10:00 America/New_York · 2026-01-20 15:00 UTC · no marketing consent',
        '',
        'Order 1001 · placed 2026-03-02 10:00 Asia/Tokyo · 2026-03-02 01:00 UTC · 49.00 USD',
        '  Journey post-purchase (version v-3f2a) · active · times in Asia/Tokyo and UTC',
        '    sent       hello                          2026-03-02 10:00 Asia/Tokyo · 2026-03-02 01:00 UTC · <c3@shop.example.com> · key 1001/post-purchase/hello/order',
        '    waiting    await-delivery                 for order.delivered until 2026-03-12 10:00 Asia/Tokyo · 2026-03-12 01:00 UTC',
        '    pending    how-to SERUM                   not scheduled yet (waits for the delivery or the step before)',
        '    pending    milestone week 2 SERUM         not scheduled yet (waits for the delivery or the step before)',
        '    pending    offer                          2026-03-13 09:00 Asia/Tokyo · 2026-03-13 00:00 UTC · deferred: outside send window 09:00-20:00 Asia/Tokyo',
        '',
        'Log (newest 10 of 12):',
        ...Array.from({ length: 7 }, (_, i) => `  2026-01-1${i + 2} 00:00 UTC  warning  old entry ${i + 2}`),
        '  2026-03-02 01:00 UTC  order    order 1001: order placed at 2026-03-02T01:00:00Z',
        '  2026-03-02 01:00 UTC  sent     order 1001: hello (reassurance, en)',
        '  2026-03-03 09:30 UTC  support  pause by sam: all messages held until resumed',
        '',
      ].join('\n'),
    );
  });

  it('says when a pause with an end resumes by itself', () => {
    const paused = { ...state, paused: { ...state.paused!, until: '2026-04-02T09:30:00Z' } };
    expect(formatTimeline(paused, NOW)).toContain(
      'PAUSED by sam since 2026-03-03 09:30 UTC, resumes by itself 2026-04-02 09:30 UTC: customer travelling, asked for quiet',
    );
  });

  it('says so when the customer has no order yet and marketing comes from the order checkbox', () => {
    const fresh: CustomerState = {
      v: 1,
      storeId: 's1',
      customerId: 'c-1',
      contact: first.customer,
      orders: [],
      runs: [],
      log: [],
    };
    expect(formatTimeline(fresh, NOW)).toBe(
      [
        'No message is planned.',
        '',
        'Upcoming, in time order:',
        '  nothing',
        '',
        "Customer c-1 · store s1 · ada@example.com · time zone the store's zone",
        '0 orders · marketing: subscribed (opted in on the order)',
        '',
        'No orders yet.',
        '',
        'Log (newest 0 of 0):',
        '',
      ].join('\n'),
    );
  });
});
