import { DateTime } from 'luxon';
import type { Product } from '../../definitions/catalogSchema';
import type { OrderInput } from '../../domain/order';
import { Order } from '../../domain/order';
import type { CustomerState } from '../../rules/journeyState';
import { withinSendWindow } from '../../rules/schedule';
import { fixtureContent } from '../helpers/fixtureContent';
import { DAY, type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';

const content = fixtureContent();
// A consumable with milestones, complements and an upsell: every step of the default journey applies to it.
const product: Product = [...content.products.values()].find(
  (p) => p.milestones.length >= 2 && p.daysOfSupply && p.crossSell.length && p.upsell.length,
)!;

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness(() => content);
});
afterAll(() => h?.close());

async function placeOrder(customerId: string, overrides: Partial<OrderInput> = {}) {
  const placedAt = new Date(await h.now()).toISOString();
  const order = Order.parse({
    orderId: `${customerId}-1`,
    placedAt,
    currency: 'USD',
    total: '49.00',
    customer: {
      id: customerId,
      email: `${customerId}@example.com`,
      firstName: 'Ada',
      acceptsMarketing: true,
      timezone: 'Asia/Tokyo',
    },
    lineItems: [{ sku: product.sku, title: product.name.en, quantity: 1, unitPrice: '49.00' }],
    ...overrides,
  });
  await h.gateway.placeOrder(order);
  return order;
}

async function report(type: 'order.delivered' | 'order.refunded', customerId: string, orderId: string) {
  const occurredAt = new Date(await h.now()).toISOString();
  await h.gateway.reportEvent({ type, storeId: 'default', customerId, orderId, occurredAt });
}

const mailsTo = (customerId: string) => h.sink.mails.filter((m) => m.envelopeTo.includes(`${customerId}@example.com`));
const sent = (state: CustomerState) =>
  state.runs
    .flatMap((r) => r.messages)
    .filter((m) => m.status === 'sent')
    .sort((a, b) => a.resolvedAt!.localeCompare(b.resolvedAt!));

describe('the default post-purchase journey', () => {
  it('sends every message of a half-year journey in order, each at its instant', async () => {
    const started = Date.now();
    const order = await placeOrder('c-full');
    await h.env.sleep(3 * DAY);
    await report('order.delivered', 'c-full', order.orderId);
    const deliveredAt = await h.now();
    await h.env.sleep(180 * DAY);
    const state = await h.state('c-full');
    const messages = sent(state);

    const steps = messages.map((m) => m.stepId);
    expect(steps[0]).toBe('reassurance');
    expect(steps).toEqual(
      expect.arrayContaining(['how-to', 'milestone', 'cross-sell', 'feedback', 'upsell', 'refill', 'win-back']),
    );
    expect(steps.filter((s) => s === 'milestone')).toHaveLength(product.milestones.length);
    expect(steps).not.toContain('delivery-check'); // the delivery was reported
    // Each went out at its due instant (moved into the send window), or at the end of its deferral (cap) — never early, never lost
    // time — and everything but the reassurance inside 09:00-20:00 in the customer's zone (Tokyo).
    const run = state.runs[0];
    for (const m of messages) {
      const intended = withinSendWindow(
        run,
        m,
        Math.max(Date.parse(m.dueAt!), m.deferredUntil ? Date.parse(m.deferredUntil) : 0),
      );
      const late = Date.parse(m.resolvedAt!) - intended;
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(60_000);
      if (m.stepId === 'reassurance') continue;
      const localHour = DateTime.fromISO(m.resolvedAt!, { zone: 'Asia/Tokyo' }).hour;
      expect(localHour >= 9 && localHour < 20).toBe(true);
    }
    const howTo = messages.find((m) => m.stepId === 'how-to')!;
    expect(Math.abs(Date.parse(howTo.dueAt!) - (deliveredAt + 2 * 3_600_000))).toBeLessThan(1_000);
    const firstMilestone = messages.find((m) => m.stepId === 'milestone')!;
    expect(
      Math.abs(Date.parse(firstMilestone.dueAt!) - (deliveredAt + product.milestones[0].week * 7 * DAY)),
    ).toBeLessThan(1_000);

    // The SMTP sink got exactly these emails, in this order, with one Message-ID each.
    const mails = mailsTo('c-full');
    expect(mails.map((m) => m.parsed.headers.get('x-afterglow-step'))).toEqual(steps);
    expect(mails.map((m) => m.parsed.messageId)).toEqual(messages.map((m) => m.messageId));
    expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(mails.length);
    console.log(
      `simulated 183-day journey: ${messages.length} emails in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it('an order of 40 products sends one how-to on the day it arrives, not 40', async () => {
    const skus = [...content.products.keys(), ...Array.from({ length: 30 }, (_, i) => `UNLISTED-${i}`)];
    const order = await placeOrder('c-forty', {
      lineItems: skus.map((sku) => ({ sku, title: sku, quantity: 1, unitPrice: '1.00' })),
    });
    await h.env.sleep(DAY);
    await report('order.delivered', 'c-forty', order.orderId);
    await h.env.sleep(DAY);

    const steps = mailsTo('c-forty').map((m) => m.parsed.headers.get('x-afterglow-step'));
    expect(steps).toEqual(['reassurance', 'how-to']);
    const howTo = mailsTo('c-forty')[1];
    for (const product of content.products.values()) expect(howTo.parsed.text).toContain(product.name.en);
    const state = await h.state('c-forty');
    expect(state.runs[0].messages.filter((m) => m.stepId === 'how-to')).toHaveLength(1);
  });

  it('the same order placed twice and delivered twice sends each message once', async () => {
    const order = await placeOrder('c-dup');
    await h.gateway.placeOrder(order);
    await h.env.sleep(DAY);
    await report('order.delivered', 'c-dup', order.orderId);
    await report('order.delivered', 'c-dup', order.orderId);
    await h.env.sleep(2 * DAY);
    const steps = mailsTo('c-dup').map((m) => m.parsed.headers.get('x-afterglow-step'));
    expect(steps).toEqual(['reassurance', 'how-to']);
  });

  it('without a delivery event, teaches at the fallback and then checks that it arrived', async () => {
    const order = await placeOrder('c-nodelivery');
    await h.env.sleep(14 * DAY);
    const state = await h.state('c-nodelivery');
    const placedAt = Date.parse(order.placedAt);
    const howTo = state.runs[0].messages.find((m) => m.stepId === 'how-to')!;
    expect(howTo.status).toBe('sent');
    // Due ten days and two hours after the order; a send window may hold it until the next morning.
    const delay = Date.parse(howTo.resolvedAt!) - (placedAt + 10 * DAY + 2 * 3_600_000);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(DAY);
    expect(state.runs[0].messages.find((m) => m.stepId === 'delivery-check')).toMatchObject({ status: 'sent' });
  });

  it('a refund stops the remaining messages of that order', async () => {
    const order = await placeOrder('c-refund');
    await h.env.sleep(2 * DAY);
    await report('order.refunded', 'c-refund', order.orderId);
    await h.env.sleep(200 * DAY);
    const state = await h.state('c-refund');
    expect(mailsTo('c-refund').map((m) => m.parsed.headers.get('x-afterglow-step'))).toEqual(['reassurance']);
    expect(state.runs[0]).toMatchObject({ status: 'exited', exitReason: `order.refunded (order ${order.orderId})` });
  });

  it("a reorder ends the earlier order's refill and win-back and starts the new order's journey", async () => {
    const first = await placeOrder('c-reorder');
    await h.env.sleep(DAY);
    await report('order.delivered', 'c-reorder', first.orderId);
    await h.env.sleep(20 * DAY);
    await placeOrder('c-reorder', { orderId: 'c-reorder-2' });
    await h.env.sleep(200 * DAY);
    const state = await h.state('c-reorder');
    const [firstRun, secondRun] = state.runs;
    for (const stepId of ['refill', 'win-back'])
      expect(firstRun.messages.find((m) => m.stepId === stepId)).toMatchObject({
        status: 'cancelled',
        reason: 'customer reordered (order c-reorder-2)',
      });
    expect(secondRun.orderId).toBe('c-reorder-2');
    // A returning customer is thanked for coming back instead of being reassured as a beginner.
    expect(secondRun.messages.find((m) => m.stepId === 'thanks-again')).toMatchObject({ status: 'sent' });
    expect(secondRun.messages.find((m) => m.stepId === 'reassurance')).toMatchObject({ status: 'skipped' });
  });

  it('skips marketing for a customer without consent and records why', async () => {
    await placeOrder('c-noconsent', {
      customer: { id: 'c-noconsent', email: 'c-noconsent@example.com', acceptsMarketing: false },
    });
    await h.env.sleep(30 * DAY);
    const state = await h.state('c-noconsent');
    expect(state.runs[0].messages.find((m) => m.stepId === 'cross-sell')).toMatchObject({
      status: 'skipped',
      reason: 'no marketing consent',
    });
    // Service mail still went out (the reassurance at least), and none of it was marketing.
    const categories = mailsTo('c-noconsent').map((m) => m.parsed.headers.get('x-afterglow-category'));
    expect(categories.length).toBeGreaterThan(0);
    expect(categories.filter((c) => c !== 'service')).toEqual([]);
  });

  it('records a permanent SMTP refusal as failed without retrying, and goes on', async () => {
    await placeOrder('bounce-1', {
      customer: { id: 'bounce-1', email: 'bounce-1@example.com', acceptsMarketing: true },
    });
    await h.env.sleep(DAY);
    const state = await h.state('bounce-1');
    expect(state.runs[0].messages[0]).toMatchObject({
      status: 'failed',
      reason: 'SMTP refused the message permanently (550 5.1.1 at RCPT TO)',
    });
    // Without retrying: the server saw the address once in the whole day, though a retry policy would have had hours.
    expect(h.sink.rcptAttempts.filter((a) => a === 'bounce-1@example.com')).toHaveLength(1);
    // And goes on: the run is still active, the rest of the journey still ahead rather than failed with it.
    expect(state.runs[0].status).toBe('active');
    expect(state.runs[0].messages.filter((m) => m.status === 'failed')).toHaveLength(1);
    expect(state.runs[0].messages.some((m) => m.status === 'pending')).toBe(true);
  });

  it('an order that arrives three weeks late joins at the next step that still makes sense, without a burst', async () => {
    const placedAt = new Date((await h.now()) - 21 * DAY).toISOString();
    await placeOrder('c-late', { placedAt });
    await h.env.sleep(DAY);
    const state = await h.state('c-late');
    const byStep = (id: string) => state.runs[0].messages.filter((m) => m.stepId === id);
    expect(byStep('reassurance')[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^expired/) });
    expect(byStep('how-to')[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^expired/) });
    expect(byStep('delivery-check')[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^expired/) });
    // Only what is still within its expiry goes out; the rest of the journey is still ahead.
    const passed = state.runs[0].messages.filter(
      (m) => m.dueAt && Date.parse(m.dueAt) < Date.parse(placedAt) + 21 * DAY,
    );
    expect(mailsTo('c-late').length).toBeLessThan(passed.length);
    // Something of the passed part did go out (the run joined rather than skipping everything), and only steps a late
    // order still makes sense for.
    const sentSteps = passed.filter((m) => m.status === 'sent').map((m) => m.stepId);
    expect(sentSteps.length).toBeGreaterThan(0);
    expect(sentSteps.filter((id) => id !== 'cross-sell' && id !== 'milestone')).toEqual([]);
    expect(state.runs[0].messages.some((m) => m.status === 'pending')).toBe(true);
  });
});
