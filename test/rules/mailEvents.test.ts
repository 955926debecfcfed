import type { MessageDelivery } from '../../domain/mailEvents';
import { recordOrder, startRuns } from '../../rules/applySignals';
import { mailEventEffect, recordDelivery } from '../../rules/mailEvents';
import { emptyState, journey, order, runPlan } from '../helpers/fixtures';

describe('mailEventEffect: what a provider report does', () => {
  it.each([
    ['hard-bounce', { block: 'hard-bounce', outcome: 'bounced' }],
    ['complaint', { block: 'complaint', outcome: 'complained' }],
    ['soft-bounce', {}],
  ] as const)('%s → %j', (kind, effect) => {
    expect(mailEventEffect(kind)).toEqual(effect);
  });
});

describe('recordDelivery: the report on the journey', () => {
  const NOW = Date.parse('2026-03-05T10:00:00Z');
  function started() {
    const definition = journey({
      id: 'j',
      name: 'J',
      trigger: { event: 'order.placed' },
      steps: [{ id: 'hello', template: 'reassurance', category: 'service', sendWindow: 'anytime' }],
    });
    const o = order({ placedAt: '2026-03-02T01:00:00Z' });
    const state = emptyState();
    recordOrder(state, o, Date.parse(o.placedAt));
    startRuns(state, o, [runPlan(definition, [])]);
    const message = state.runs[0].messages[0];
    Object.assign(message, { status: 'sent', resolvedAt: '2026-03-02T01:00:05Z', messageId: '<abc@shop.example>' });
    return { state, message };
  }
  const report = (key: string, kind: MessageDelivery['kind'], detail = 'Permanent/General'): MessageDelivery => ({
    messageKey: key,
    messageId: '<abc@shop.example>',
    provider: 'ses',
    kind,
    occurredAt: '2026-03-05T09:59:00.000Z',
    detail,
  });

  it.each([
    // [already recorded, reported, stands]
    [undefined, 'soft-bounce', 'soft-bounce'],
    [undefined, 'hard-bounce', 'hard-bounce'],
    [undefined, 'complaint', 'complaint'],
    ['soft-bounce', 'hard-bounce', 'hard-bounce'],
    ['hard-bounce', 'soft-bounce', 'hard-bounce'],
    ['hard-bounce', 'hard-bounce', 'hard-bounce'],
    ['hard-bounce', 'complaint', 'complaint'],
    ['complaint', 'hard-bounce', 'complaint'],
  ] as const)('recorded %s, then %s → %s', (before, reported, stands) => {
    const { state, message } = started();
    if (before) recordDelivery(state, report(message.key, before, 'first'), NOW - 1000);
    recordDelivery(state, report(message.key, reported, 'second'), NOW);
    expect(message.delivery?.kind).toBe(stands);
    expect(message.delivery?.detail).toBe(stands === reported && before !== reported ? 'second' : 'first');
    const last = state.log.at(-1)!;
    expect(last.kind).toBe(stands === reported && before !== reported ? 'delivery' : 'ignored');
    expect(last.messageKey).toBe(message.key);
  });

  it('keeps what the provider said, when and by whom, and logs it with the step', () => {
    const { state, message } = started();
    recordDelivery(state, report(message.key, 'hard-bounce'), NOW);
    expect(message.delivery).toEqual({
      kind: 'hard-bounce',
      provider: 'ses',
      at: '2026-03-05T09:59:00.000Z',
      detail: 'Permanent/General',
    });
    expect(state.log.at(-1)).toEqual({
      at: '2026-03-05T10:00:00.000Z',
      kind: 'delivery',
      orderId: '1001',
      messageKey: message.key,
      detail: 'hello: hard-bounce reported by ses (Permanent/General) at 2026-03-05T09:59:00.000Z',
    });
  });

  it('logs a report about a message the journey does not have, and changes nothing', () => {
    const { state, message } = started();
    recordDelivery(state, report('other/key', 'complaint'), NOW);
    expect(message.delivery).toBeUndefined();
    expect(state.log.at(-1)).toMatchObject({
      kind: 'ignored',
      messageKey: 'other/key',
      detail: 'complaint reported by ses (Permanent/General) for an unknown message',
    });
  });
});
