import { recordOrder, startRuns } from '../../rules/applySignals';
import { messageStepOf } from '../../rules/journeyState';
import { checkMigrate, migrateRun } from '../../rules/migrateRun';
import { SupportActionRejected } from '../../rules/supportActions';
import { emptyState, journey, order, product, runPlan } from '../helpers/fixtures';

const steps = [
  { id: 'hello', template: 'reassurance', category: 'service', sendWindow: 'anytime' },
  { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '10d' } },
  { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery', after: '30d' } },
  { id: 'old-offer', template: 'cross-sell', category: 'marketing', at: { from: 'delivery', after: '40d' } },
];
const v1 = journey({ id: 'j', name: 'J', trigger: { event: 'order.placed' }, steps });
const v2 = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    ...steps.slice(0, 2),
    { ...steps[2], at: { from: 'delivery', after: '1d' } },
    { id: 'feedback', template: 'feedback', category: 'service', at: { from: 'delivery', after: '14d' } },
  ],
});

function started() {
  const o = order();
  const state = emptyState();
  recordOrder(state, o, Date.parse(o.placedAt));
  startRuns(state, o, [{ ...runPlan(v1, [product('SERUM')]), version: 'v1' }]);
  const run = state.runs[0];
  Object.assign(run.messages[0], { status: 'sent', resolvedAt: o.placedAt, messageId: '<m1@x>' });
  Object.assign(run.waits[0], { resolvedAt: '2026-03-05T00:00:00Z', outcome: 'event' });
  return { state, run };
}

describe('migrating a run to a new journey version', () => {
  it('keeps what happened by message key, plans the new steps and drops the removed ones', () => {
    const { run } = started();
    const key = run.key;
    const done = migrateRun(run, { ...runPlan(v2, [product('SERUM')]), version: 'v2' });
    expect(done).toBe(`${key}: v1 -> v2 (1 messages added, 1 dropped)`);
    expect(run.key).toBe(key);
    expect(run.version).toBe('v2');
    expect(run.messages.map((m) => [m.stepId, m.status])).toEqual([
      ['hello', 'sent'],
      ['how-to', 'pending'],
      ['feedback', 'pending'],
    ]);
    // The sent message keeps its key and Message-ID: the send ledger will never send it again.
    expect(run.messages[0]).toMatchObject({ key: `${key}/hello/order`, messageId: '<m1@x>' });
    expect(run.waits[0]).toMatchObject({ resolvedAt: '2026-03-05T00:00:00Z', outcome: 'event' });
    expect(messageStepOf(run, 2).at.after).toBe('1d');
  });

  it('is refused when the customer has no running run on that version', () => {
    const { state } = started();
    const input = { journeyId: 'j', fromVersion: 'v0', by: 'ana', reason: 'a typo' };
    expect(() => checkMigrate(state, input)).toThrow(
      new SupportActionRejected('no running j run on version v0 (running: v1)'),
    );
    expect(() => checkMigrate(state, { ...input, journeyId: 'other' })).toThrow(
      'no running other run for this customer',
    );
    expect(() => checkMigrate(state, { ...input, fromVersion: 'v1' })).not.toThrow();
  });
});
