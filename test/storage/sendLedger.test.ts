import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema';
import { sendLedger } from '../../storage/sendLedger';
import { dialects, storageFor } from './backends';

const lease = 120_000;
const start = new Date('2026-03-05T12:00:00.000Z');

describe.each(dialects)('send ledger on %s', (dialect) => {
  const stores = storageFor(dialect);
  let db: Kysely<Database>;
  let clock: Date;
  let n = 0;
  let key: string;
  const ledger = () => sendLedger(db, { leaseMs: lease, now: () => clock });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  beforeAll(async () => {
    ({ db } = await stores.open());
  });
  beforeEach(() => {
    clock = start;
    key = `customer/default/c-42:100${++n}/post-purchase/how-to/VC-SERUM-30`;
  });
  const mid = '<3f2a@shop.example>';

  it('lets the first claim send, and tells later ones it was sent', async () => {
    const l = ledger();
    expect(await l.claim(key, { messageId: mid, attemptId: 'a1' })).toBe('claimed');
    expect(await l.get(key)).toEqual({
      key,
      status: 'claimed',
      messageId: mid,
      attemptId: 'a1',
      claims: 1,
      claimedAt: start,
    });
    advance(1_000);
    await l.markSent(key, { messageId: mid, smtpResponse: '250 2.0.0 OK queued' });
    expect(await l.get(key)).toMatchObject({ status: 'sent', sentAt: clock, smtpResponse: '250 2.0.0 OK queued' });

    advance(lease * 10);
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2' })).toBe('already-sent');
    // Marking it sent again changes nothing.
    await l.markSent(key, { messageId: mid, smtpResponse: 'again' });
    expect(await l.get(key)).toMatchObject({ smtpResponse: '250 2.0.0 OK queued', attemptId: 'a1', claims: 1 });
  });

  it('gives exactly one of two concurrent claims the right to send', async () => {
    const l = ledger();
    const results = await Promise.all(['a', 'b'].map((attemptId) => l.claim(key, { messageId: mid, attemptId })));
    expect(results.sort()).toEqual(['claimed', 'in-flight-by-other']);
  });

  it('gives exactly one of many concurrent take-overs of a stale claim the right to send', async () => {
    const l = ledger();
    await l.claim(key, { messageId: mid, attemptId: 'dead' });
    advance(lease + 1);
    const attempts = ['b', 'c', 'd', 'e'].map((attemptId) => l.claim(key, { messageId: mid, attemptId }));
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'in-flight-by-other')).toHaveLength(3);
    expect(await l.get(key)).toMatchObject({ claims: 2 });
  });

  it('keeps a fresh claim from others, and lets it be taken over once its lease ran out', async () => {
    const l = ledger();
    expect(await l.claim(key, { messageId: mid, attemptId: 'a1' })).toBe('claimed');
    advance(lease - 1);
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2' })).toBe('in-flight-by-other');
    advance(1);
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2' })).toBe('claimed');
    expect(await l.get(key)).toMatchObject({ status: 'claimed', attemptId: 'a2', claims: 2, claimedAt: clock });
  });

  it('lets a failed send be claimed again at once, but only its holder can fail it', async () => {
    const l = ledger();
    await l.claim(key, { messageId: mid, attemptId: 'a1' });
    await l.markFailed(key, { attemptId: 'someone-else', reason: 'nope' });
    expect(await l.get(key)).toMatchObject({ status: 'claimed' });

    await l.markFailed(key, { attemptId: 'a1', reason: '421 4.7.0 try again later' });
    expect(await l.get(key)).toMatchObject({ status: 'failed', failureReason: '421 4.7.0 try again later' });
    const wasDelivered = jest.fn();
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2', wasDelivered })).toBe('claimed');
    // SMTP said no to a failed attempt: nothing to look up.
    expect(wasDelivered).not.toHaveBeenCalled();
  });

  it('asks wasDelivered about a stale claim, and takes a yes as sent', async () => {
    const l = ledger();
    await l.claim(key, { messageId: '<first@shop.example>', attemptId: 'crashed-after-smtp' });
    advance(lease + 1);
    const wasDelivered = jest.fn(async () => true);
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2', wasDelivered })).toBe('already-sent');
    expect(wasDelivered).toHaveBeenCalledWith('<first@shop.example>');
    expect(await l.get(key)).toMatchObject({ status: 'sent', messageId: '<first@shop.example>', sentAt: clock });
  });

  it('sends again after a stale claim when wasDelivered says no', async () => {
    const l = ledger();
    await l.claim(key, { messageId: mid, attemptId: 'crashed-before-smtp' });
    advance(lease + 1);
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2', wasDelivered: async () => false })).toBe('claimed');
  });

  it('takes over at once a claim its caller knows has ended (an earlier attempt of the same activity), and asks about no other', async () => {
    const l = ledger();
    await l.claim(key, { messageId: mid, attemptId: 'attempt-1' });
    const supersedes = jest.fn((previous: string) => previous === 'attempt-1');
    expect(await l.claim(key, { messageId: mid, attemptId: 'attempt-2', supersedes })).toBe('claimed');
    expect(supersedes).toHaveBeenCalledWith('attempt-1');
    expect(await l.get(key)).toMatchObject({ status: 'claimed', attemptId: 'attempt-2', claims: 2 });
    expect(await l.claim(key, { messageId: mid, attemptId: 'other-activity', supersedes: () => false })).toBe(
      'in-flight-by-other',
    );
  });

  it('never lets supersedes reopen a sent message', async () => {
    const l = ledger();
    await l.claim(key, { messageId: mid, attemptId: 'attempt-1' });
    await l.markSent(key, { messageId: mid, smtpResponse: '250 OK' });
    expect(await l.claim(key, { messageId: mid, attemptId: 'attempt-2', supersedes: () => true })).toBe('already-sent');
  });

  it.each([
    ['a millisecond short of two minutes', 2 * 60_000 - 1, 'in-flight-by-other'],
    ['exactly two minutes', 2 * 60_000, 'claimed'],
  ])('holds a claim for two minutes unless told otherwise: %s', async (_name, after, result) => {
    const l = sendLedger(db, { now: () => clock });
    await l.claim(key, { messageId: mid, attemptId: 'a1' });
    advance(after);
    expect(await l.claim(key, { messageId: mid, attemptId: 'a2' })).toBe(result);
  });

  it('records why a found Message-ID counts as sent', async () => {
    const l = ledger();
    await l.claim(key, { messageId: '<first@shop.example>', attemptId: 'crashed-after-smtp' });
    advance(lease);
    await l.claim(key, { messageId: mid, attemptId: 'a2', wasDelivered: async () => true });
    expect(await l.get(key)).toEqual({
      key,
      status: 'sent',
      messageId: '<first@shop.example>',
      attemptId: 'a2',
      claims: 2,
      claimedAt: clock,
      sentAt: clock,
      smtpResponse: 'delivered by an earlier attempt (found by its Message-ID)',
    });
  });

  it('finds the idempotency key of a Message-ID, and nothing for an unknown one', async () => {
    const l = ledger();
    const own = `<${key}@shop.example>`;
    await l.claim(key, { messageId: own, attemptId: 'a1' });
    expect(await l.keyOfMessageId(own)).toBe(key);
    expect(await l.keyOfMessageId('<unknown@shop.example>')).toBeUndefined();
  });

  it('refuses to mark sent what nobody claimed', async () => {
    await expect(ledger().markSent(key, { messageId: mid, smtpResponse: '250' })).rejects.toThrow(/never claimed/);
    expect(await ledger().get(key)).toBeUndefined();
  });
});
