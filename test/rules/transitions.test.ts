import { recordOrder, startRuns } from '../../rules/applySignals';
import type { JourneyRun, PlannedMessage, WaitRecord } from '../../rules/journeyState';
import { planRun } from '../../rules/planRun';
import {
  assumeSent,
  cancelMessage,
  carryOverMessage,
  carryOverWait,
  closeMessage,
  deferMessage,
  markSent,
  replan,
  resolveWait,
  skipMessage,
} from '../../rules/transitions';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const AT = '2026-03-04T09:00:00.000Z';
const LATER = '2026-03-05T01:00:00.000Z';

/**
 * Messages as the state holds them at the moments they change: just planned, dated, deferred (with a reason from
 * the deferral), planned by an answer, planned again by an answer, with a bounce recorded.
 */
const messages: [string, () => PlannedMessage][] = [
  ['planned', () => ({ key: '1001/j/hello/order', stepIndex: 0, stepId: 'hello', item: null, status: 'pending' })],
  [
    'dated',
    () => ({
      key: '1001/j/refill/SERUM',
      stepIndex: 2,
      stepId: 'refill',
      item: { kind: 'product', sku: 'SERUM' },
      status: 'pending',
      dueAt: AT,
    }),
  ],
  [
    'deferred',
    () => ({
      key: '1001/j/offer/order',
      stepIndex: 3,
      stepId: 'offer',
      item: null,
      status: 'pending',
      dueAt: AT,
      deferredUntil: LATER,
      reason: 'frequency cap',
    }),
  ],
  [
    'planned by an answer',
    () => ({ key: '1001/j/sorry/order', stepIndex: 4, stepId: 'sorry', item: null, status: 'pending', anchoredAt: AT }),
  ],
  [
    'planned again',
    () => ({
      key: '1001/j/feedback/order/again',
      stepIndex: 5,
      stepId: 'feedback',
      item: null,
      status: 'pending',
      notBefore: LATER,
      dueAt: LATER,
    }),
  ],
  [
    'sent, then bounced',
    () => ({
      key: '1001/j/hello/order',
      stepIndex: 0,
      stepId: 'hello',
      item: null,
      status: 'sent',
      resolvedAt: AT,
      messageId: '<m1@x>',
      delivery: { kind: 'hard-bounce', provider: 'sendgrid', at: LATER, detail: 'hard' },
    }),
  ],
];

const before: PlannedMessage = {
  key: '1001/j/hello/order',
  stepIndex: 0,
  stepId: 'hello',
  item: null,
  status: 'sent',
  resolvedAt: AT,
  messageId: '<m1@x>',
  dueAt: AT,
};

/**
 * Each transition beside the `Object.assign` it replaced in the workflow and the rules. The state is JSON carried for
 * years and replayed from histories, so the two must leave the same fields, in the same order, with the same values
 * (`undefined` ones included: they are the record's own fields, in place for a later value).
 */
const transitions: [string, (m: PlannedMessage) => void, (m: PlannedMessage) => void][] = [
  [
    'markSent',
    (m) => markSent(m, AT, '<m1@x>'),
    (m) => Object.assign(m, { status: 'sent', resolvedAt: AT, messageId: '<m1@x>' }),
  ],
  ['assumeSent', (m) => assumeSent(m, AT), (m) => Object.assign(m, { status: 'sent', resolvedAt: AT })],
  [
    'skipMessage',
    (m) => skipMessage(m, AT, 'expired'),
    (m) => Object.assign(m, { status: 'skipped', resolvedAt: AT, reason: 'expired' }),
  ],
  [
    'cancelMessage',
    (m) => cancelMessage(m, AT, 'customer reordered'),
    (m) => Object.assign(m, { status: 'cancelled', resolvedAt: AT, reason: 'customer reordered' }),
  ],
  [
    'closeMessage failed',
    (m) => closeMessage(m, 'failed', AT, '550 no such user'),
    (m) => Object.assign(m, { status: 'failed', resolvedAt: AT, reason: '550 no such user' }),
  ],
  [
    'deferMessage',
    (m) => deferMessage(m, LATER, 'send window'),
    (m) => Object.assign(m, { deferredUntil: LATER, reason: 'send window' }),
  ],
  [
    'carryOverMessage of a sent one',
    (m) => carryOverMessage(m, before),
    (m) => {
      const { status, resolvedAt, reason, messageId, dueAt } = before;
      Object.assign(m, { status, resolvedAt, reason, messageId, dueAt });
    },
  ],
  [
    'carryOverMessage of a skipped one',
    (m) => carryOverMessage(m, { status: 'skipped', resolvedAt: AT, reason: 'expired' }),
    (m) =>
      Object.assign(m, {
        status: 'skipped',
        resolvedAt: AT,
        reason: 'expired',
        messageId: undefined,
        dueAt: undefined,
      }),
  ],
];

const cases = transitions.flatMap(([name, transition, replaced]) =>
  messages.map(([shape, make]) => [name, shape, transition, replaced, make] as const),
);

describe('message transitions', () => {
  it.each(cases)('%s on a %s message leaves what Object.assign left', (_name, _shape, transition, replaced, make) => {
    const changed = make();
    const assigned = make();
    transition(changed);
    replaced(assigned);
    expect(Object.entries(changed)).toEqual(Object.entries(assigned));
    expect(JSON.stringify(changed)).toBe(JSON.stringify(assigned));
  });

  const planned = messages[0][1];
  it.each<[string, (m: PlannedMessage) => void, Partial<PlannedMessage>]>([
    ['markSent', (m) => markSent(m, AT, '<m1@x>'), { status: 'sent', resolvedAt: AT, messageId: '<m1@x>' }],
    ['assumeSent', (m) => assumeSent(m, AT), { status: 'sent', resolvedAt: AT }],
    ['skipMessage', (m) => skipMessage(m, AT, 'expired'), { status: 'skipped', resolvedAt: AT, reason: 'expired' }],
    ['cancelMessage', (m) => cancelMessage(m, AT, 'refund'), { status: 'cancelled', resolvedAt: AT, reason: 'refund' }],
    ['closeMessage', (m) => closeMessage(m, 'failed', AT, '550'), { status: 'failed', resolvedAt: AT, reason: '550' }],
    ['deferMessage', (m) => deferMessage(m, LATER, 'cap'), { status: 'pending', deferredUntil: LATER, reason: 'cap' }],
    [
      'carryOverMessage',
      (m) => carryOverMessage(m, before),
      { status: 'sent', resolvedAt: AT, reason: undefined, messageId: '<m1@x>', dueAt: AT },
    ],
  ])('%s sets its fields after the planned ones, in order, and nothing else', (_name, transition, fields) => {
    const message = planned();
    const kept = { ...message };
    transition(message);
    expect(message).toStrictEqual({ ...kept, ...fields });
    expect(Object.keys(message)).toEqual([...new Set([...Object.keys(kept), ...Object.keys(fields)])]);
  });

  it('changes the message in place: a reference held elsewhere sees it', () => {
    const state = emptyState();
    const o = order();
    recordOrder(state, o, Date.parse(o.placedAt));
    const definition = journey({
      id: 'j',
      name: 'J',
      trigger: { event: 'order.placed' },
      steps: [{ id: 'hello', template: 'reassurance', category: 'service' }],
    });
    startRuns(state, o, [runPlan(definition, [product('SERUM')])]);
    const held = state.runs[0].messages[0];
    skipMessage(held, AT, 'skipped by support');
    expect(state.runs[0].messages[0]).toBe(held);
    expect(state.runs[0].messages[0]).toMatchObject({
      status: 'skipped',
      resolvedAt: AT,
      reason: 'skipped by support',
    });
  });
});

describe('wait transitions', () => {
  const waits: [string, () => WaitRecord][] = [
    ['open', () => ({ stepIndex: 1, stepId: 'await-delivery', event: 'order.delivered', deadline: LATER })],
    [
      'resolved',
      () => ({
        stepIndex: 1,
        stepId: 'await-delivery',
        event: 'order.delivered',
        deadline: LATER,
        resolvedAt: AT,
        outcome: 'event',
      }),
    ],
  ];
  const changes: [string, (w: WaitRecord) => void, (w: WaitRecord) => void][] = [
    [
      'resolveWait by the event',
      (w) => resolveWait(w, AT, 'event'),
      (w) => Object.assign(w, { resolvedAt: AT, outcome: 'event' }),
    ],
    [
      'resolveWait at the deadline',
      (w) => resolveWait(w, w.deadline, 'timeout'),
      (w) => Object.assign(w, { resolvedAt: w.deadline, outcome: 'timeout' }),
    ],
    [
      'carryOverWait',
      (w) => carryOverWait(w, { resolvedAt: AT, outcome: 'event' }),
      (w) => Object.assign(w, { resolvedAt: AT, outcome: 'event' }),
    ],
    [
      'carryOverWait of one without an outcome',
      (w) => carryOverWait(w, { resolvedAt: AT }),
      (w) => Object.assign(w, { resolvedAt: AT, outcome: undefined }),
    ],
  ];
  const waitCases = changes.flatMap(([name, change, replaced]) =>
    waits.map(([shape, make]) => [name, shape, change, replaced, make] as const),
  );

  it.each(waitCases)('%s on an %s wait leaves what Object.assign left', (_name, _shape, change, replaced, make) => {
    const changed = make();
    const assigned = make();
    change(changed);
    replaced(assigned);
    expect(Object.entries(changed)).toEqual(Object.entries(assigned));
    expect(JSON.stringify(changed)).toBe(JSON.stringify(assigned));
  });

  it.each<[string, (w: WaitRecord) => void, Pick<WaitRecord, 'resolvedAt' | 'outcome'>]>([
    ['the event came', (w) => resolveWait(w, AT, 'event'), { resolvedAt: AT, outcome: 'event' }],
    ['its deadline passed', (w) => resolveWait(w, w.deadline, 'timeout'), { resolvedAt: LATER, outcome: 'timeout' }],
    [
      'it ended so before',
      (w) => carryOverWait(w, { resolvedAt: AT, outcome: 'timeout' }),
      { resolvedAt: AT, outcome: 'timeout' },
    ],
  ])('a wait ends when %s', (_when, change, fields) => {
    const wait = waits[0][1]();
    change(wait);
    expect(wait).toStrictEqual({ ...waits[0][1](), ...fields });
  });
});

describe('replan', () => {
  const steps = [
    { id: 'hello', template: 'reassurance', category: 'service' },
    { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '10d' } },
    { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery', after: '3d' } },
  ];
  const v1 = journey({ id: 'j', name: 'J', trigger: { event: 'order.placed' }, steps });
  const v2 = journey({
    id: 'j',
    name: 'J',
    trigger: { event: 'order.placed' },
    steps: [
      ...steps,
      { id: 'feedback', template: 'feedback', category: 'service', at: { from: 'delivery', after: '14d' } },
    ],
  });
  const plan = (heldOut: boolean, contentSet?: string) => ({
    ...runPlan(v2, [product('SERUM')]),
    version: 'v2',
    heldOut,
    ...(contentSet && { contentSet }),
  });
  const run = (extra: Partial<JourneyRun>): JourneyRun => ({
    ...planRun({ ...runPlan(v1, [product('SERUM')]), version: 'v1' }, order()),
    key: 'kept-key',
    ...extra,
  });

  it.each<[string, Partial<JourneyRun>, ReturnType<typeof plan>]>([
    ['a plain run', {}, plan(false)],
    ['a held-out run re-planned without the hold-out', { heldOut: true }, plan(false)],
    ['a run with a content set re-planned with another', { contentSet: 'spring' }, plan(false, 'summer')],
    ['a run re-planned into a content set', {}, plan(true, 'summer')],
  ])('%s: the fields Object.assign left, its own key kept', (_name, extra, newer) => {
    const fresh = planRun(newer, order());
    const changed = run(extra);
    const assigned = run(extra);
    replan(changed, fresh);
    Object.assign(assigned, { ...fresh, key: assigned.key });
    expect(Object.entries(changed)).toEqual(Object.entries(assigned));
    expect(JSON.stringify(changed)).toBe(JSON.stringify(assigned));
    expect(changed.key).toBe('kept-key');
    expect(changed.version).toBe('v2');
    expect(changed.messages.map((m) => m.stepId)).toEqual(['hello', 'how-to', 'feedback']);
  });

  it('keeps a field the fresh plan lacks, and the run object itself', () => {
    const state = emptyState();
    state.runs.push(run({ heldOut: true, contentSet: 'spring' }));
    const held = state.runs[0];
    replan(held, planRun(plan(false), order()));
    expect(state.runs[0]).toBe(held);
    expect(held).toMatchObject({ key: 'kept-key', version: 'v2', heldOut: true, contentSet: 'spring' });
  });
});

/**
 * Compile-time only (`npm run typecheck` checks these; never called): the mistakes `Object.assign` let through.
 * Each line fails `tsc` without its `@ts-expect-error`, and an unused `@ts-expect-error` fails it too.
 */
export function misuses(message: PlannedMessage, wait: WaitRecord): void {
  // @ts-expect-error a time is an ISO string, not milliseconds
  markSent(message, Date.parse(AT), '<m1@x>');
  // @ts-expect-error a sent message needs its Message-ID
  markSent(message, AT);
  // @ts-expect-error "sent" goes through markSent, with its Message-ID
  closeMessage(message, 'sent', AT, 'went out');
  // @ts-expect-error no such status (misspelt)
  closeMessage(message, 'canceled', AT, 'refund');
  // @ts-expect-error a reason is words
  skipMessage(message, AT, { reason: 'expired' });
  // @ts-expect-error no such outcome
  resolveWait(wait, AT, 'timed-out');
  // @ts-expect-error a misspelt field of the earlier message
  carryOverMessage(message, { status: 'sent', resolvedAt: AT, messageID: '<m1@x>' });
  // @ts-expect-error a misspelt field of the earlier wait
  carryOverWait(wait, { resolvedAt: AT, outcom: 'event' });
}
