import { recordEvent, recordOrder, startRuns } from '../../rules/applySignals';
import { decide } from '../../rules/decide';
import { addDuration } from '../../rules/duration';
import { dueMessages, exitRun, nextWakeAt, refreshRun } from '../../rules/schedule';
import { openingOffset } from '../../rules/sendWindow';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const DAY = 86_400_000;
const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service', sendWindow: 'anytime' },
    { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '10d' } },
    {
      id: 'how-to',
      template: 'how-to',
      category: 'service',
      forEach: 'product',
      at: { from: 'delivery', after: '2h' },
    },
    {
      id: 'milestone',
      template: 'milestone',
      category: 'service',
      forEach: 'milestone',
      at: { from: 'delivery', plusItemOffset: true },
    },
    {
      id: 'refill',
      template: 'refill',
      category: 'marketing',
      forEach: 'product',
      at: { from: 'delivery', after: '-5d', plusItemOffset: true },
    },
    { id: 'after-how-to', template: 'feedback', category: 'service', at: { from: 'previous', after: '1d' } },
  ],
});
const serum = product('SERUM', {
  daysOfSupply: 30,
  milestones: [
    { week: 2, title: { en: 'Glow' }, notice: { en: 'Brighter' } },
    { week: 6, title: { en: 'Even' }, notice: { en: 'Even tone' } },
  ],
});
const dripper = product('DRIPPER');

function started(
  o = order({
    lineItems: [
      { sku: 'SERUM', title: 'Serum', quantity: 2, unitPrice: '49.00' },
      { sku: 'DRIPPER', title: 'Dripper', quantity: 1, unitPrice: '30.00' },
    ],
  }),
) {
  const state = emptyState();
  recordOrder(state, o, Date.parse(o.placedAt));
  startRuns(state, o, [runPlan(definition, [serum, dripper])]);
  return { state, run: state.runs[0], placedAt: Date.parse(o.placedAt) };
}

describe('durations', () => {
  const at = (iso: string) => Date.parse(iso);
  const plus = (iso: string, duration: string, zone: string) =>
    new Date(addDuration(at(iso), duration, zone)).toISOString();

  it('reads the units marketers write', () => {
    expect(plus('2026-06-01T00:00:00Z', '0', 'UTC')).toBe('2026-06-01T00:00:00.000Z');
    expect(plus('2026-06-01T00:00:00Z', '30m', 'UTC')).toBe('2026-06-01T00:30:00.000Z');
    expect(plus('2026-06-01T00:00:00Z', '2h', 'UTC')).toBe('2026-06-01T02:00:00.000Z');
    expect(plus('2026-06-01T00:00:00Z', '3d', 'UTC')).toBe('2026-06-04T00:00:00.000Z');
    expect(plus('2026-06-01T00:00:00Z', '2w', 'UTC')).toBe('2026-06-15T00:00:00.000Z');
    expect(plus('2026-06-01T00:00:00Z', '-5d', 'UTC')).toBe('2026-05-27T00:00:00.000Z');
  });

  it('keeps the local time of day across a spring-forward night (America/New_York, 8 March 2026)', () => {
    // 14:00 EST on 7 March + 2 days = 14:00 EDT on 9 March: 47 hours later.
    expect(plus('2026-03-07T19:00:00Z', '2d', 'America/New_York')).toBe('2026-03-09T18:00:00.000Z');
    // Hours are elapsed time, not wall-clock time.
    expect(plus('2026-03-07T19:00:00Z', '48h', 'America/New_York')).toBe('2026-03-09T19:00:00.000Z');
  });

  it('keeps the local time of day across a fall-back night (Europe/Berlin, 25 October 2026)', () => {
    // 10:00 CEST on 24 October + 1 week = 10:00 CET on 31 October: 169 hours later.
    expect(plus('2026-10-24T08:00:00Z', '1w', 'Europe/Berlin')).toBe('2026-10-31T09:00:00.000Z');
  });

  it('is plain 24-hour days where there is no DST (Asia/Tokyo)', () => {
    expect(plus('2026-03-07T05:00:00Z', '2d', 'Asia/Tokyo')).toBe('2026-03-09T05:00:00.000Z');
  });
});

describe('schedule', () => {
  it('expands per product and per milestone with stable keys', () => {
    const { run } = started();
    expect(run.messages.map((m) => m.key)).toEqual([
      '1001/j/hello/order',
      '1001/j/how-to/SERUM',
      '1001/j/how-to/DRIPPER',
      '1001/j/milestone/SERUM#0',
      '1001/j/milestone/SERUM#1',
      '1001/j/refill/SERUM',
      '1001/j/refill/DRIPPER',
      '1001/j/after-how-to/order',
    ]);
  });

  it('sends the order-anchored step at once and keeps delivery steps undated until the delivery', () => {
    const { state, run, placedAt } = started();
    refreshRun(run, placedAt);
    expect(dueMessages(state, placedAt).map((d) => d.message.stepId)).toEqual(['hello']);
    expect(run.messages.find((m) => m.stepId === 'how-to')!.dueAt).toBeUndefined();
    // The only thing that can wake the journey besides the first message is the delivery timeout.
    run.messages[0].status = 'sent';
    run.messages[0].resolvedAt = new Date(placedAt).toISOString();
    expect(nextWakeAt(state)).toBe(placedAt + 10 * DAY);
  });

  it('wakes the journey at the opening of the send window, not at a due time outside it (one timer, not two)', () => {
    const { state, run, placedAt } = started();
    // Delivered at 00:00 Tokyo: the how-to falls due at 02:00 local, outside the store's 09:00-20:00.
    recordEvent(
      state,
      {
        type: 'order.delivered',
        storeId: 'default',
        customerId: 'c-42',
        orderId: '1001',
        occurredAt: new Date(placedAt).toISOString(),
      },
      placedAt,
    );
    run.messages[0].status = 'sent';
    run.messages[0].resolvedAt = new Date(placedAt).toISOString();
    refreshRun(run, placedAt);
    const howTo = run.messages.find((m) => m.stepId === 'how-to')!;
    expect(howTo.dueAt).toBe('2026-03-02T17:00:00.000Z');
    const opening = Date.parse('2026-03-03T00:00:00Z'); // 09:00 Asia/Tokyo
    expect(nextWakeAt(state)).toBe(opening);
    expect(dueMessages(state, opening - 1)).toEqual([]);
    expect(dueMessages(state, opening).map((d) => d.message.stepId)).toEqual(['how-to', 'how-to']);
  });

  it("wakes the journey at the customer's moment in the opening spread, the instant decide defers to (one timer)", () => {
    const { state, run, placedAt } = started();
    run.store = { ...run.store, sending: { ...run.store.sending, openingSpreadMinutes: 30 } };
    run.messages[0].status = 'sent';
    run.messages[0].resolvedAt = new Date(placedAt).toISOString();
    const howTo = run.messages.find((m) => m.stepId === 'how-to')!;
    howTo.dueAt = '2026-03-02T17:00:00.000Z'; // 02:00 Asia/Tokyo
    const moment = Date.parse('2026-03-03T00:00:00Z') + openingOffset('c-42', 30);
    expect(moment).toBeGreaterThan(Date.parse('2026-03-03T00:00:00Z'));
    expect(nextWakeAt(state)).toBe(moment);
    expect(decide(state, run, howTo, Date.parse(howTo.dueAt))).toMatchObject({ action: 'defer', until: moment });
    expect(dueMessages(state, moment - 1)).toEqual([]);
    expect(decide(state, run, howTo, moment)).toEqual({ action: 'send' });
  });

  it('dates delivery steps from the delivery, milestones at their week, refills at supply × quantity minus 5 days', () => {
    const { state, run, placedAt } = started();
    const deliveredAt = placedAt + 3 * DAY;
    recordEvent(
      state,
      {
        type: 'order.delivered',
        storeId: 'default',
        customerId: 'c-42',
        orderId: '1001',
        occurredAt: new Date(deliveredAt).toISOString(),
      },
      deliveredAt,
    );
    refreshRun(run, deliveredAt);
    const due = (key: string) => Date.parse(run.messages.find((m) => m.key === key)!.dueAt!);
    expect(due('1001/j/how-to/SERUM')).toBe(deliveredAt + 2 * 3_600_000);
    expect(due('1001/j/milestone/SERUM#0')).toBe(deliveredAt + 14 * DAY);
    expect(due('1001/j/milestone/SERUM#1')).toBe(deliveredAt + 42 * DAY);
    expect(due('1001/j/refill/SERUM')).toBe(deliveredAt + (60 - 5) * DAY);
    // A durable product has no refill: skipped with the reason, not silently dropped.
    const dripperRefill = run.messages.find((m) => m.key === '1001/j/refill/DRIPPER')!;
    expect(dripperRefill).toMatchObject({
      status: 'skipped',
      reason: 'no days of supply for this product',
      resolvedAt: new Date(deliveredAt).toISOString(), // when it became known, not when the order was placed
    });
  });

  it('falls back to the delivery timeout when no delivery event comes', () => {
    const { run, placedAt } = started();
    refreshRun(run, placedAt + 10 * DAY);
    expect(run.waits[0]).toMatchObject({ outcome: 'timeout' });
    expect(Date.parse(run.messages.find((m) => m.stepId === 'how-to')!.dueAt!)).toBe(
      placedAt + 10 * DAY + 2 * 3_600_000,
    );
  });

  it('dates a "previous" step from when the step before it finished', () => {
    const { run, placedAt } = started();
    refreshRun(run, placedAt);
    const after = run.messages.find((m) => m.stepId === 'after-how-to')!;
    expect(after.dueAt).toBeUndefined();
    const refills = run.messages.filter((m) => m.stepId === 'refill');
    refills.forEach((m, i) =>
      Object.assign(m, { status: 'sent', resolvedAt: new Date(placedAt + (i + 1) * DAY).toISOString() }),
    );
    refreshRun(run, placedAt);
    expect(Date.parse(after.dueAt!)).toBe(placedAt + 2 * DAY + DAY);
  });

  it('times a delivery step from the last delivery wait before it: not an earlier one, a later one, a review wait', () => {
    const twoWaits = journey({
      id: 'waits',
      name: 'W',
      trigger: { event: 'order.placed' },
      steps: [
        { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '5d' } },
        { id: 'late-note', template: 'how-to', category: 'service', at: { from: 'delivery' } },
        { id: 'await-delivery-again', waitFor: { event: 'order.delivered', timeout: '20d' } },
        { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery', after: '2h' } },
        { id: 'await-review', waitFor: { event: 'review.submitted', timeout: '30d' } },
        { id: 'after-review', template: 'feedback', category: 'service', at: { from: 'previous', after: '1d' } },
        { id: 'thanks', template: 'feedback', category: 'service', at: { from: 'delivery', after: '1d' } },
      ],
    });
    const o = order();
    const placedAt = Date.parse(o.placedAt);
    const state = emptyState();
    recordOrder(state, o, placedAt);
    startRuns(state, o, [runPlan(twoWaits, [serum])]);
    const run = state.runs[0];
    refreshRun(run, placedAt + 6 * DAY); // the first wait timed out on day 5, the second is still open
    const dueAt = (stepId: string) => run.messages.find((m) => m.stepId === stepId)!.dueAt;
    expect(dueAt('late-note')).toBe(new Date(placedAt + 5 * DAY).toISOString());
    expect(dueAt('how-to')).toBeUndefined();
    const event = (type: 'order.delivered' | 'review.submitted', day: number) =>
      recordEvent(
        state,
        {
          type,
          storeId: 'default',
          customerId: 'c-42',
          orderId: '1001',
          occurredAt: new Date(placedAt + day * DAY).toISOString(),
        },
        placedAt + day * DAY,
      );
    event('order.delivered', 8);
    event('review.submitted', 10);
    refreshRun(run, placedAt + 10 * DAY);
    // The late delivery still counts, for the note not sent yet too.
    expect(dueAt('late-note')).toBe(new Date(placedAt + 8 * DAY).toISOString());
    expect(dueAt('how-to')).toBe(new Date(placedAt + 8 * DAY + 2 * 3_600_000).toISOString());
    expect(dueAt('thanks')).toBe(new Date(placedAt + 9 * DAY).toISOString());
    // A step timed from the step before it, when that is a wait: from when the wait ended (the review).
    expect(dueAt('after-review')).toBe(new Date(placedAt + 11 * DAY).toISOString());
  });

  it('keeps a run active while a wait is open, though every message is resolved; completes it once the wait is', () => {
    const { run, placedAt } = started();
    for (const m of run.messages)
      Object.assign(m, { status: 'skipped', resolvedAt: new Date(placedAt).toISOString(), reason: 'test' });
    refreshRun(run, placedAt + DAY);
    expect(run.status).toBe('active');
    refreshRun(run, placedAt + 10 * DAY);
    expect(run.status).toBe('completed');
  });

  it('leaves a run that ended as it was: no wait times out, no message is dated', () => {
    const { run, placedAt } = started();
    exitRun(run, placedAt + DAY, 'refunded');
    refreshRun(run, placedAt + 30 * DAY);
    expect(run.waits[0].resolvedAt).toBeUndefined();
    expect(run.status).toBe('exited');
  });

  it('never re-dates a message already sent, though what it was timed from changed since', () => {
    const { run, placedAt } = started();
    const refills = run.messages.filter((m) => m.stepId === 'refill');
    const sendRefills = (day: number) =>
      refills.forEach((m) =>
        Object.assign(m, { status: 'sent', resolvedAt: new Date(placedAt + day * DAY).toISOString() }),
      );
    sendRefills(1);
    refreshRun(run, placedAt);
    const after = run.messages.find((m) => m.stepId === 'after-how-to')!;
    Object.assign(after, { status: 'sent', resolvedAt: new Date(placedAt + 2 * DAY).toISOString() });
    sendRefills(5); // e.g. support resent them
    refreshRun(run, placedAt + 6 * DAY);
    expect(Date.parse(after.dueAt!)).toBe(placedAt + 2 * DAY);
  });

  it('exits the run when the wait says so', () => {
    const strict = journey({
      id: 'strict',
      name: 'S',
      trigger: { event: 'order.placed' },
      steps: [
        { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '5d', onTimeout: 'exit' } },
        { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery' } },
      ],
    });
    const o = order();
    const state = emptyState();
    recordOrder(state, o, 0);
    startRuns(state, o, [runPlan(strict, [serum])]);
    refreshRun(state.runs[0], Date.parse(o.placedAt) + 6 * DAY);
    expect(state.runs[0]).toMatchObject({ status: 'exited', exitReason: 'no order.delivered within 5d' });
    expect(state.runs[0].messages[0]).toMatchObject({ status: 'cancelled' });
  });

  describe('a run that ends after some sends (exitRun)', () => {
    // A refund ends the run: only what had not happened yet is cancelled; what was sent or skipped stays on record as it was.
    const sentAt = '2026-03-01T10:00:00.000Z';
    const skippedAt = '2026-03-02T10:00:00.000Z';
    const exitAt = Date.parse('2026-03-05T10:00:00Z');
    it.each<[string, 'sent' | 'skipped' | 'pending', { status: string; resolvedAt?: string; reason?: string }]>([
      [
        'a sent message stays sent, with its own time',
        'sent',
        { status: 'sent', resolvedAt: sentAt, reason: 'went out' },
      ],
      [
        'a skipped message stays skipped, with its own reason',
        'skipped',
        { status: 'skipped', resolvedAt: skippedAt, reason: 'expired' },
      ],
      [
        'a pending message is cancelled with the exit reason',
        'pending',
        { status: 'cancelled', resolvedAt: new Date(exitAt).toISOString(), reason: 'order refunded' },
      ],
    ])('%s', (_, before, after) => {
      const { run } = started();
      expect(run.messages.length).toBeGreaterThanOrEqual(3);
      const [sent, skipped, pending] = run.messages;
      Object.assign(sent, { status: 'sent', resolvedAt: sentAt, reason: 'went out' });
      Object.assign(skipped, { status: 'skipped', resolvedAt: skippedAt, reason: 'expired' });
      expect(pending.status).toBe('pending');
      exitRun(run, exitAt, 'order refunded');
      expect({ sent, skipped, pending }[before]).toMatchObject(after);
      expect(run).toMatchObject({ status: 'exited', exitReason: 'order refunded' });
    });
  });

  it("counts days in the customer's zone, or the store's when the customer's is unknown", () => {
    // Placed 10:00 in New York the day before spring-forward; the 10-day delivery fallback lands at 10:00 EDT.
    const o = order({
      placedAt: '2026-03-07T15:00:00Z',
      customer: { id: 'c-1', email: 'a@example.com', timezone: 'America/New_York' },
    });
    expect(started(o).run.waits[0].deadline).toBe('2026-03-17T14:00:00.000Z');
    const noZone = order({ placedAt: '2026-03-07T15:00:00Z', customer: { id: 'c-1', email: 'a@example.com' } });
    // The test store is in New York too; Tokyo would have given 15:00Z.
    expect(started(noZone).run.waits[0].deadline).toBe('2026-03-17T14:00:00.000Z');
    const tokyo = order({
      placedAt: '2026-03-07T15:00:00Z',
      customer: { id: 'c-1', email: 'a@example.com', timezone: 'Asia/Tokyo' },
    });
    expect(started(tokyo).run.waits[0].deadline).toBe('2026-03-17T15:00:00.000Z');
  });
});

describe('what is due, and when the journey wakes (dueMessages, nextWakeAt, actionableAt)', () => {
  /** A started run whose hello is due at `hello`, how-to messages at `howTo`, nothing else dated, the delivery wait open. */
  function dated(hello: number, howTo: number) {
    const { state, run, placedAt } = started();
    for (const m of run.messages) {
      if (m.stepId === 'hello') m.dueAt = new Date(hello).toISOString();
      else if (m.stepId === 'how-to') m.dueAt = new Date(howTo).toISOString();
    }
    return { state, run, placedAt };
  }
  // 12:00 in Tokyo: inside the store's 09:00-20:00 window.
  const noon = Date.parse('2026-03-03T03:00:00Z');

  it('lists the due messages earliest first, and by step order at the same instant', () => {
    const { state } = dated(noon + 1, noon);
    expect(dueMessages(state, noon + 1).map((d) => d.message.stepId)).toEqual(['how-to', 'how-to', 'hello']);
    const same = dated(noon, noon).state;
    expect(dueMessages(same, noon).map((d) => d.message.stepId)).toEqual(['hello', 'how-to', 'how-to']);
    // By step order, not by where the messages sit in the run (a resent message is appended after later steps).
    same.runs[0].messages.reverse();
    expect(dueMessages(same, noon).map((d) => d.message.stepId)).toEqual(['hello', 'how-to', 'how-to']);
  });

  it.each([
    ['a millisecond before it is due: nothing', -1, []],
    ['exactly when it is due: the message', 0, ['hello']],
  ])('%s', (_name, offset, due) => {
    const { state } = dated(noon, noon + DAY);
    expect(dueMessages(state, noon + offset).map((d) => d.message.stepId)).toEqual(due);
  });

  it('never lists a message that is not pending, or one of a run that ended', () => {
    const { state, run } = dated(noon, noon);
    run.messages.find((m) => m.stepId === 'hello')!.status = 'skipped';
    expect(dueMessages(state, noon).map((d) => d.message.stepId)).toEqual(['how-to', 'how-to']);
    run.status = 'completed';
    expect(dueMessages(state, noon)).toEqual([]);
    expect(nextWakeAt(state)).toBeUndefined();
  });

  it('wakes at the end of a deferral when it is later than the due time, and not before the due time', () => {
    const { state, run } = dated(noon, noon + DAY);
    const hello = run.messages.find((m) => m.stepId === 'hello')!;
    hello.deferredUntil = new Date(noon + 2 * 3_600_000).toISOString();
    expect(nextWakeAt(state)).toBe(noon + 2 * 3_600_000);
    hello.deferredUntil = new Date(noon - 3_600_000).toISOString();
    expect(nextWakeAt(state)).toBe(noon);
  });

  it('wakes for the earliest of a message and an open wait, and not for a resolved wait', () => {
    const { placedAt } = started();
    const { state, run } = dated(placedAt + 20 * DAY, placedAt + 20 * DAY);
    expect(nextWakeAt(state)).toBe(placedAt + 10 * DAY);
    run.waits[0].resolvedAt = new Date(placedAt + DAY).toISOString();
    expect(nextWakeAt(state)).toBe(Date.parse(run.messages[0].dueAt!));
  });
});
