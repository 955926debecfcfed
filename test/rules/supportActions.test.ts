import { recordOrder, startRuns } from '../../rules/applySignals';
import type { CustomerState } from '../../rules/journeyState';
import {
  applyChangeEmail,
  applyEnd,
  applyPause,
  applyResume,
  applySkipNext,
  checkChangeEmail,
  checkEnd,
  checkPause,
  checkResend,
  checkResume,
  checkSkipNext,
  nextPendingMessage,
  pauseEnd,
  recordResend,
  resumeIfPauseEnded,
  SupportActionRejected,
} from '../../rules/supportActions';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

/** The moment support acts. */
const NOW = Date.parse('2026-03-10T06:00:00Z');
const H = 3_600_000;
const who = { by: 'agent-7', reason: 'customer asked' };

const definition = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'first', template: 'reassurance', category: 'service', at: { after: '1h' } },
    { id: 'second', template: 'how-to', category: 'service', at: { after: '2h' } },
  ],
});

function setup(): CustomerState {
  const state = emptyState();
  const o = order({ placedAt: new Date(NOW - 3 * H).toISOString() });
  recordOrder(state, o, NOW);
  startRuns(state, o, [runPlan(definition, [product('SERUM')])]);
  // The second falls due first: the next message is the earliest, not the first planned.
  state.runs[0].messages[0].dueAt = new Date(NOW + 2 * H).toISOString();
  state.runs[0].messages[1].dueAt = new Date(NOW + H).toISOString();
  return state;
}
const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SupportActionRejected);
    expect((err as Error).name).toBe('SupportActionRejected');
    return (err as Error).message;
  }
  throw new Error('the action was not rejected');
};

describe('pausing a journey', () => {
  it.each([
    ['for 30 days, in calendar days from now', { for: '30d' }, Date.parse('2026-04-09T06:00:00Z')],
    ['for 12 hours', { for: '12h' }, NOW + 12 * H],
    ['until an instant', { until: '2026-03-11T00:00:00Z' }, Date.parse('2026-03-11T00:00:00Z')],
    ['with no end', {}, undefined],
  ])('ends by itself %s', (_name, input, end) => {
    expect(pauseEnd(input, NOW)).toBe(end);
  });

  it.each([
    ['an end in the past', { until: '2026-03-10T05:59:00Z' }, 'until 2026-03-10 05:59 UTC is not in the future'],
    ['an end exactly now', { until: '2026-03-10T06:00:00Z' }, 'until 2026-03-10 06:00 UTC is not in the future'],
  ])('refuses %s', (_name, input, message) => {
    expect(rejection(() => checkPause(setup(), input, NOW))).toBe(message);
  });

  it('accepts an end a minute from now, or none', () => {
    expect(() => checkPause(setup(), { until: '2026-03-10T06:01:00Z' }, NOW)).not.toThrow();
    expect(() => checkPause(setup(), {}, NOW)).not.toThrow();
  });

  it('refuses a second pause, naming when the first began and ends', () => {
    const state = setup();
    applyPause(state, { ...who, for: '1d' }, NOW);
    expect(rejection(() => checkPause(state, {}, NOW))).toBe(
      'already paused since 2026-03-10 06:00 UTC until 2026-03-11 06:00 UTC: resume first to change it',
    );
    const open = setup();
    applyPause(open, who, NOW);
    expect(rejection(() => checkPause(open, {}, NOW))).toBe(
      'already paused since 2026-03-10 06:00 UTC: resume first to change it',
    );
  });

  it('records who paused, why, and until when', () => {
    const state = setup();
    const detail = applyPause(state, { ...who, for: '1d' }, NOW);
    expect(detail).toBe(
      'paused by agent-7 (customer asked): all messages held until 2026-03-11 06:00 UTC, then the journey resumes by itself',
    );
    expect(state.paused).toEqual({
      by: 'agent-7',
      reason: 'customer asked',
      at: '2026-03-10T06:00:00.000Z',
      until: '2026-03-11T06:00:00.000Z',
    });
    expect(state.supportActions).toEqual([{ at: '2026-03-10T06:00:00.000Z', action: 'pause', ...who, detail }]);
    expect(state.log.at(-1)).toEqual({
      at: '2026-03-10T06:00:00.000Z',
      kind: 'support',
      detail: `pause by agent-7: ${detail}`,
    });
  });

  it('holds a pause with no end until support resumes it', () => {
    const state = setup();
    expect(applyPause(state, who, NOW)).toBe('paused by agent-7 (customer asked): all messages held until resumed');
    expect(state.paused).toEqual({ by: 'agent-7', reason: 'customer asked', at: '2026-03-10T06:00:00.000Z' });
    expect(resumeIfPauseEnded(state, NOW + 1000 * 24 * H)).toBe(false);
    expect(state.paused).toBeDefined();
  });

  it.each([
    ['a millisecond before its end', -1, true],
    ['exactly at its end', 0, false],
    ['after its end', H, false],
  ])('a pause with an end is lifted by the journey itself from its end on: %s', (_name, offset, stillPaused) => {
    const state = setup();
    applyPause(state, { ...who, for: '1d' }, NOW);
    const end = NOW + 24 * H;
    expect(resumeIfPauseEnded(state, end + offset)).toBe(!stillPaused);
    expect(state.paused !== undefined).toBe(stillPaused);
    if (!stillPaused)
      expect(state.supportActions!.at(-1)).toEqual({
        at: new Date(end + offset).toISOString(),
        action: 'resume',
        by: 'afterglow',
        reason: 'the pause by agent-7 ended',
        detail: 'messages resume',
      });
  });

  it('resumes only a paused journey, recording who resumed it', () => {
    const state = setup();
    expect(rejection(() => checkResume(state))).toBe('the journey is not paused');
    applyPause(state, who, NOW);
    expect(() => checkResume(state)).not.toThrow();
    expect(applyResume(state, { by: 'agent-8', reason: 'all clear' }, NOW + H)).toBe(
      'resumed by agent-8 (all clear): messages that fell due go out unless expired',
    );
    expect(state.paused).toBeUndefined();
    expect(state.supportActions!.at(-1)).toMatchObject({ action: 'resume', by: 'agent-8', reason: 'all clear' });
  });
});

describe('skipping the next message', () => {
  it('skips the message that falls due first, with who and why', () => {
    const state = setup();
    expect(nextPendingMessage(state)?.message.stepId).toBe('second');
    const detail = applySkipNext(state, who, NOW);
    const key = state.runs[0].messages[1].key;
    expect(detail).toBe(`skipped ${key} (by agent-7: customer asked)`);
    expect(state.runs[0].messages[1]).toMatchObject({
      status: 'skipped',
      resolvedAt: '2026-03-10T06:00:00.000Z',
      reason: 'skipped by support (agent-7): customer asked',
    });
    expect(state.runs[0].messages[0].status).toBe('pending');
    expect(nextPendingMessage(state)?.message.stepId).toBe('first');
  });

  it('counts a message with no due time yet as last, and only pending messages of running journeys', () => {
    const state = setup();
    delete state.runs[0].messages[1].dueAt;
    expect(nextPendingMessage(state)?.message.stepId).toBe('first');
    state.runs[0].messages[0].status = 'sent';
    expect(nextPendingMessage(state)?.message.stepId).toBe('second');
    state.runs[0].status = 'completed';
    expect(nextPendingMessage(state)).toBeUndefined();
    expect(rejection(() => checkSkipNext(state))).toBe('there is no message left to skip');
  });

  it('has something to skip while a message is pending', () => {
    expect(() => checkSkipNext(setup())).not.toThrow();
  });
});

describe('resending a message', () => {
  it('finds only a sent message, naming what is wrong otherwise', () => {
    const state = setup();
    const [first] = state.runs[0].messages;
    expect(rejection(() => checkResend(state, { ...who, messageKey: first.key }))).toBe(
      `message ${first.key} was not sent (it is pending); only sent messages can be resent`,
    );
    expect(rejection(() => checkResend(state, { ...who, messageKey: 'nope' }))).toBe(
      "no message nope in this customer's journeys",
    );
    first.status = 'sent';
    expect(checkResend(state, { ...who, messageKey: first.key })).toEqual({ run: state.runs[0], message: first });
  });

  it('says when the resend goes to a corrected address, not when it goes to the same one', () => {
    const state = setup();
    const key = state.runs[0].messages[0].key;
    expect(recordResend(state, { ...who, messageKey: key, to: 'new@example.com' }, `${key}/resend-1`, NOW)).toBe(
      `resent ${key} as ${key}/resend-1 to a corrected address`,
    );
    expect(recordResend(state, { ...who, messageKey: key, to: state.contact.email }, `${key}/resend-2`, NOW)).toBe(
      `resent ${key} as ${key}/resend-2`,
    );
    expect(recordResend(state, { ...who, messageKey: key }, `${key}/resend-3`, NOW)).toBe(
      `resent ${key} as ${key}/resend-3`,
    );
    expect(state.supportActions!.map((a) => a.action)).toEqual(['resend', 'resend', 'resend']);
  });
});

describe('changing the address', () => {
  it('refuses the address the customer already has, in any case', () => {
    const state = setup();
    expect(rejection(() => checkChangeEmail(state, { ...who, email: state.contact.email.toUpperCase() }))).toBe(
      "that is already the customer's address",
    );
    expect(() => checkChangeEmail(state, { ...who, email: 'other@example.com' })).not.toThrow();
  });

  it('changes the address, and the search hash only when one came with it', () => {
    const state = setup();
    state.emailHash = 'a'.repeat(64);
    applyChangeEmail(state, { ...who, email: 'new@example.com' }, NOW);
    expect(state.contact.email).toBe('new@example.com');
    expect(state.contact.id).toBe('c-42');
    expect(state.emailHash).toBe('a'.repeat(64));
    expect(applyChangeEmail(state, { ...who, email: 'newer@example.com', emailHash: 'b'.repeat(64) }, NOW)).toBe(
      'address changed by agent-7 (customer asked); later messages go to the new one',
    );
    expect(state.emailHash).toBe('b'.repeat(64));
  });
});

describe('ending journeys', () => {
  function twoOrders(): CustomerState {
    const state = setup();
    const second = order({ orderId: '1002', placedAt: new Date(NOW - H).toISOString() });
    recordOrder(state, second, NOW);
    startRuns(state, second, [runPlan(definition, [product('SERUM')])]);
    return state;
  }

  it("ends one order's journey when asked for that order, and every running one otherwise", () => {
    const state = twoOrders();
    const [a, b] = state.runs;
    expect(applyEnd(state, { ...who, orderId: '1002' }, NOW)).toBe(`ended ${b.key}`);
    expect([a.status, b.status]).toEqual(['active', 'exited']);
    expect(b.messages.map((m) => m.reason)).toEqual([
      'ended by support (agent-7): customer asked',
      'ended by support (agent-7): customer asked',
    ]);
    expect(applyEnd(state, who, NOW)).toBe(`ended ${a.key}`);
    expect(a.status).toBe('exited');
  });

  it('refuses when nothing is running, for the order or at all', () => {
    const state = twoOrders();
    expect(rejection(() => checkEnd(state, { ...who, orderId: '9999' }))).toBe('no running journey for order 9999');
    expect(() => checkEnd(state, { ...who, orderId: '1001' })).not.toThrow();
    for (const run of state.runs) run.status = 'completed';
    expect(rejection(() => checkEnd(state, who))).toBe('no journey is running for this customer');
  });
});
