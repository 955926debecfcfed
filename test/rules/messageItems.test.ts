import type { SingleItem } from '../../rules/journeyState';
import { combineItems, itemKey, itemLabel, itemSkus } from '../../rules/messageItems';
import { planRun } from '../../rules/planRun';
import { journey, order, product, runPlan, store } from '../helpers/fixtures';

const p = (sku: string): SingleItem => ({ kind: 'product', sku });
const days: Record<string, number> = { A: 30, B: 30, C: 60, D: 30 };

describe('combining the per-product messages of a large order (combineItems)', () => {
  it.each<[string, SingleItem[], number | undefined, string[][]]>([
    ['up to the limit: one message per product', [p('A'), p('B'), p('C')], 3, [['A'], ['B'], ['C']]],
    [
      'over the limit: one message per day, products due together combined',
      [p('A'), p('B'), p('C'), p('D')],
      3,
      [['A', 'B', 'D'], ['C']],
    ],
    ['a limit of 1 combines two products due the same day', [p('A'), p('B')], 1, [['A', 'B']]],
    [
      'no limit (settings pinned before it existed): never combined',
      [p('A'), p('B'), p('C'), p('D')],
      undefined,
      [['A'], ['B'], ['C'], ['D']],
    ],
  ])('%s', (_, items, limit, expected) => {
    const combined = combineItems(items, limit, (i) => days[i.sku]);
    expect(combined.map((item) => itemSkus(item))).toEqual(expected);
  });

  it('counts products, not milestones: two products with three milestones each stay separate under a limit of 3', () => {
    const milestones: SingleItem[] = ['A', 'B'].flatMap((sku) =>
      [0, 1, 2].map((index) => ({ kind: 'milestone' as const, sku, index })),
    );
    expect(combineItems(milestones, 3, (i) => (i.kind === 'milestone' ? i.index * 7 : 0))).toEqual(milestones);
  });
});

describe('message item keys and labels', () => {
  const run = { products: { A: product('A', { milestones: [{ week: 2, title: { en: 't' }, notice: { en: 'n' } }] }) } };
  it.each<[string, Parameters<typeof itemKey>[0], string, string]>([
    ['the order', null, 'order', ''],
    ['a product', p('A'), 'A', 'A'],
    ['a milestone', { kind: 'milestone', sku: 'A', index: 0 }, 'A#0', 'week 2 A'],
    ['products combined', { kind: 'combined', items: [p('A'), p('B'), p('C')] }, 'A+2', '3 products: A, B, C'],
    [
      'milestones combined',
      {
        kind: 'combined',
        items: [
          { kind: 'milestone', sku: 'A', index: 0 },
          { kind: 'milestone', sku: 'B', index: 1 },
        ],
      },
      'A#0+1',
      'week 2, 2 products: A, B',
    ],
  ])('%s', (_, item, key, label) => {
    expect(itemKey(item)).toBe(key);
    expect(itemLabel(run, item)).toBe(label);
  });
});

describe('planning a run for an order of many products', () => {
  const definition = journey({
    id: 'j',
    name: 'J',
    trigger: { event: 'order.placed' },
    steps: [
      { id: 'hello', template: 'reassurance', category: 'service' },
      { id: 'how-to', template: 'how-to', category: 'service', forEach: 'product' },
      {
        id: 'milestone',
        template: 'milestone',
        category: 'service',
        forEach: 'milestone',
        at: { plusItemOffset: true },
      },
      {
        id: 'refill',
        template: 'refill',
        category: 'marketing',
        forEach: 'product',
        at: { after: '-5d', plusItemOffset: true },
      },
    ],
  });
  const week = (n: number) => ({ week: n, title: { en: 't' }, notice: { en: 'n' } });
  const catalog = Array.from({ length: 40 }, (_, i) =>
    product(`P${i}`, { daysOfSupply: i % 2 ? 30 : 60, milestones: [week(1), week(4)] }),
  );
  const bigOrder = order({
    lineItems: catalog.map((c) => ({ sku: c.sku, title: c.sku, quantity: 1, unitPrice: '1.00' })),
  });
  const stepCounts = (plan = runPlan(definition, catalog)) =>
    Object.fromEntries(
      ['hello', 'how-to', 'milestone', 'refill'].map((id) => [
        id,
        planRun(plan, bigOrder).messages.filter((m) => m.stepId === id).length,
      ]),
    );

  it('sends one how-to, one message per milestone week and one refill per run-out day for 40 products', () => {
    expect(stepCounts()).toEqual({ hello: 1, 'how-to': 1, milestone: 2, refill: 2 });
  });

  it('keeps one message per product when the store allows more, and for runs pinned before the setting existed', () => {
    expect(
      stepCounts({
        ...runPlan(definition, catalog),
        store: { ...store, sending: { ...store.sending, combineProductMessagesAbove: 50 } },
      }),
    ).toEqual({ hello: 1, 'how-to': 40, milestone: 80, refill: 40 });
    const { combineProductMessagesAbove: _absent, ...pinnedBefore } = store.sending;
    expect(
      stepCounts({
        ...runPlan(definition, catalog),
        store: { ...store, sending: pinnedBefore as typeof store.sending },
      })['how-to'],
    ).toBe(40);
  });
});
