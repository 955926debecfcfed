import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Order } from '../../domain/order';
import { customerWorkflowId } from '../../workflows/signals';
import {
  changeEmail,
  endJourney,
  pauseJourney,
  resendMessage,
  resumeJourney,
  skipNextMessage,
} from '../../workflows/supportUpdates';
import { fixtureContent } from '../helpers/fixtureContent';
import { DAY, type JourneyHarness, startJourneyHarness } from '../helpers/journeyHarness';

const content = fixtureContent();
let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness(() => content);
});
afterAll(() => h?.close());

const who = { by: 'support:mika', reason: 'customer asked by email' };
const steps = (address: string) =>
  h.sink.mails.filter((m) => m.envelopeTo.includes(address)).map((m) => m.parsed.headers.get('x-afterglow-step'));

async function start(customerId: string) {
  await h.gateway.placeOrder(
    Order.parse({
      orderId: `${customerId}-1`,
      placedAt: new Date(await h.now()).toISOString(),
      currency: 'USD',
      total: '58.00',
      customer: { id: customerId, email: `${customerId}@example.com`, timezone: 'Asia/Tokyo', acceptsMarketing: true },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    }),
  );
  await h.env.sleep(60_000);
  return h.env.client.workflow.getHandle(customerWorkflowId('default', customerId));
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err) => (err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : String(err)),
  );

describe('support actions (updates with validators)', () => {
  it('pause holds every message until resume; a second resume is rejected with a reason', async () => {
    const handle = await start('c-pause');
    expect(await handle.executeUpdate(pauseJourney, { args: [who] })).toEqual({
      done: 'paused by support:mika (customer asked by email): all messages held until resumed',
    });
    // Refusals name no one (they are shown unencrypted): the time, and what to do instead.
    expect(await rejection(handle.executeUpdate(pauseJourney, { args: [who] }))).toMatch(
      /^already paused since \d{4}-\d\d-\d\d \d\d:\d\d UTC: resume first to change it$/,
    );
    await h.env.sleep(11 * DAY); // the how-to (delivery fallback, day 10) falls due during the pause
    expect(steps('c-pause@example.com')).toEqual(['reassurance']);
    await handle.executeUpdate(resumeJourney, { args: [who] });
    await h.env.sleep(DAY);
    // Still within its expiry, it goes out after the resume (inside the customer's send window).
    expect(steps('c-pause@example.com')).toEqual(['reassurance', 'how-to']);
    expect(await rejection(handle.executeUpdate(resumeJourney, { args: [who] }))).toBe('the journey is not paused');
    const state = await h.state('c-pause');
    expect(state.supportActions?.map((a) => [a.action, a.by, a.reason])).toEqual([
      ['pause', 'support:mika', 'customer asked by email'],
      ['resume', 'support:mika', 'customer asked by email'],
    ]);
  });

  it("a pause for 30 days resumes by itself, recorded as the journey's doing; an end in the past is refused", async () => {
    const handle = await start('c-month');
    const past = new Date((await h.now()) - DAY).toISOString();
    expect(await rejection(handle.executeUpdate(pauseJourney, { args: [{ ...who, until: past }] }))).toMatch(
      /^until .* UTC is not in the future$/,
    );
    expect(await rejection(handle.executeUpdate(pauseJourney, { args: [{ ...who, until: past, for: '30d' }] }))).toBe(
      'for: give until or for, not both',
    );
    const pausedAt = await h.now();
    const { done } = await handle.executeUpdate(pauseJourney, { args: [{ ...who, for: '30d' }] });
    expect(done).toMatch(
      /^paused by support:mika \(customer asked by email\): all messages held until \d{4}-\d\d-\d\d \d\d:\d\d UTC, then the journey resumes by itself$/,
    );
    const until = Date.parse((await h.state('c-month')).paused!.until!);
    expect(until - pausedAt).toBeGreaterThanOrEqual(30 * DAY - 60_000);
    expect(until - pausedAt).toBeLessThanOrEqual(30 * DAY + 60_000);
    await h.env.sleep(29 * DAY);
    expect((await h.state('c-month')).paused).toBeDefined();
    await h.env.sleep(2 * DAY);
    const state = await h.state('c-month');
    expect(state.paused).toBeUndefined();
    expect(state.supportActions?.at(-1)).toMatchObject({
      action: 'resume',
      by: 'afterglow',
      reason: 'the pause by support:mika ended',
    });
  });

  it('rejects input that makes no sense with the field and the problem', async () => {
    const handle = await start('c-bad');
    expect(await rejection(handle.executeUpdate(pauseJourney, { args: [{ by: '', reason: 'x' }] }))).toBe(
      'by: say who is acting (a name or id); reason: give a reason of a few words',
    );
    expect(await rejection(handle.executeUpdate(resendMessage, { args: [{ ...who, messageKey: 'nope' }] }))).toBe(
      "no message nope in this customer's journeys",
    );
    expect(await rejection(handle.executeUpdate(changeEmail, { args: [{ ...who, email: 'c-bad@example.com' }] }))).toBe(
      "that is already the customer's address",
    );
    expect(await rejection(handle.executeUpdate(endJourney, { args: [{ ...who, orderId: 'other' }] }))).toBe(
      'no running journey for order other',
    );
  });

  it('skips the next message, resends a sent one to a corrected address, changes the address, ends the journey', async () => {
    const handle = await start('c-act');
    const skipped = await handle.executeUpdate(skipNextMessage, { args: [who] });
    expect(skipped.done).toMatch(/^skipped c-act-1\/post-purchase\//);

    const reassuranceKey = 'c-act-1/post-purchase/reassurance/order';
    const resent = await handle.executeUpdate(resendMessage, {
      args: [{ ...who, messageKey: reassuranceKey, to: 'c-act.fixed@example.com' }],
    });
    expect(resent.done).toMatch(
      /^resent c-act-1\/post-purchase\/reassurance\/order as .*#resend-1 to a corrected address \(<[0-9a-f]{32}@shop\.example\.com>\)$/,
    );
    const original = h.sink.mails.find((m) => m.envelopeTo.includes('c-act@example.com'))!;
    const copy = h.sink.mails.find((m) => m.envelopeTo.includes('c-act.fixed@example.com'))!;
    expect(copy.parsed.subject).toBe(original.parsed.subject);
    expect(copy.parsed.messageId).not.toBe(original.parsed.messageId);

    await handle.executeUpdate(changeEmail, { args: [{ ...who, email: 'c-act.new@example.com' }] });
    await handle.executeUpdate(endJourney, { args: [who] });
    await h.env.sleep(200 * DAY);
    const state = await h.state('c-act');
    expect(state.contact.email).toBe('c-act.new@example.com');
    expect(state.runs.length).toBeGreaterThan(0);
    expect(
      state.runs.every(
        (r) => r.status === 'exited' && r.exitReason === 'ended by support (support:mika): customer asked by email',
      ),
    ).toBe(true);
    expect(steps('c-act.new@example.com')).toEqual([]);
    expect(state.supportActions?.map((a) => a.action)).toEqual(['skip-next', 'resend', 'change-email', 'end']);
  });
});
