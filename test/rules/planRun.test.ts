import { customerZone, describeZone, itemOffsetDays, orderSkus, planRun, supplyDays } from '../../rules/planRun';
import { journey, order, product, runPlan, store } from '../helpers/fixtures';

const line = (sku: string, quantity: number) => ({ sku, title: sku, quantity, unitPrice: '10.00' });
const products = {
  SERUM: product('SERUM', { daysOfSupply: 30 }),
  CREAM: product('CREAM', { daysOfSupply: 45 }),
  BRUSH: product('BRUSH'),
  MASK: product('MASK', {
    milestones: [
      { week: 2, title: { en: 'Smoother', ja: 'なめらか' }, notice: { en: 'n', ja: 'n' } },
      { week: 6, title: { en: 'Brighter', ja: '明るい' }, notice: { en: 'n', ja: 'n' } },
    ],
  }),
};

describe("an order's SKUs (orderSkus)", () => {
  it('sums the quantities of repeated lines, in order of first appearance', () => {
    const o = order({ lineItems: [line('SERUM', 1), line('BRUSH', 1), line('SERUM', 2)] });
    expect(orderSkus(o)).toEqual([
      { sku: 'SERUM', quantity: 3 },
      { sku: 'BRUSH', quantity: 1 },
    ]);
  });
});

describe('how long an order lasts (supplyDays, itemOffsetDays)', () => {
  const run = {
    order: order({ lineItems: [line('SERUM', 2), line('CREAM', 1), line('BRUSH', 1), line('MASK', 1)] }),
    products,
  };

  it.each<[string, Parameters<typeof itemOffsetDays>[1], number | undefined]>([
    ['a consumable: its days of supply times the quantity', { kind: 'product', sku: 'SERUM' }, 60],
    ['a durable good: none', { kind: 'product', sku: 'BRUSH' }, undefined],
    ['a product not in the order counts one', { kind: 'product', sku: 'CREAM' }, 45],
    ['a milestone: its week in days', { kind: 'milestone', sku: 'MASK', index: 1 }, 42],
    [
      'a combined message: its first item',
      {
        kind: 'combined',
        items: [
          { kind: 'product', sku: 'CREAM' },
          { kind: 'product', sku: 'SERUM' },
        ],
      },
      45,
    ],
    ['the whole order: the longest-lasting product', null, 60],
  ])('%s', (_name, item, days) => {
    expect(itemOffsetDays(run, item)).toBe(days);
  });

  it('has no offset for an order of durable goods only', () => {
    expect(itemOffsetDays({ order: order({ lineItems: [line('BRUSH', 3)] }), products }, null)).toBeUndefined();
    expect(supplyDays(products, 'UNKNOWN', 2)).toBeUndefined();
  });
});

describe("the customer's zone (customerZone, describeZone)", () => {
  it("uses the customer's zone, else the store's", () => {
    expect(customerZone({ order: order(), store })).toBe('Asia/Tokyo');
    const noZone = order({ customer: { ...order().customer, timezone: undefined } });
    expect(customerZone({ order: noZone, store })).toBe('America/New_York');
  });

  it.each<[string, Parameters<typeof describeZone>[0], string | undefined, string]>([
    ['from the address', { timezone: 'Asia/Tokyo', timezoneSource: 'address' }, 'UTC', 'Asia/Tokyo (from the address)'],
    ['sent by the store', { timezone: 'Asia/Tokyo' }, 'UTC', 'Asia/Tokyo (sent by the store)'],
    ["the store's, named", {}, 'Europe/Berlin', "Europe/Berlin (the store's: the order gave no zone or address)"],
    ["the store's, unnamed", {}, undefined, "the store's zone"],
  ])('says where it came from: %s', (_name, customer, storeZone, words) => {
    expect(describeZone(customer, storeZone)).toBe(words);
  });
});

describe('planning a run (planRun)', () => {
  const definition = journey({
    id: 'j',
    name: 'J',
    trigger: { event: 'order.placed' },
    steps: [
      { id: 'hello', template: 'reassurance', category: 'service' },
      { id: 'delivered', waitFor: { event: 'order.delivered', timeout: '10d' } },
      { id: 'how-to', template: 'how-to', category: 'service', forEach: 'product' },
      { id: 'milestone', template: 'milestone', category: 'service', forEach: 'milestone' },
      { id: 'sorry', template: 'reassurance', category: 'service', at: { from: 'answer', after: '1h' } },
    ],
    onAnswer: [{ when: { fact: 'rating', lt: 3 }, send: ['sorry'] }],
  });
  const withoutAnswers = journey({
    id: 'k',
    name: 'K',
    trigger: { event: 'order.placed' },
    steps: [{ id: 'hello', template: 'reassurance', category: 'service' }],
  });
  const o = order({
    orderId: '1001',
    placedAt: '2026-03-02T15:00:00Z',
    lineItems: [line('SERUM', 1), line('MASK', 1)],
  });
  const run = planRun(
    { ...runPlan(definition, Object.values(products)), contentSet: '0123456789abcdef', heldOut: true },
    o,
  );

  it('plans one message per order, product or milestone, and none for answer-timed steps', () => {
    expect(run.messages.map((m) => m.key)).toEqual([
      '1001/j/hello/order',
      '1001/j/how-to/SERUM',
      '1001/j/how-to/MASK',
      '1001/j/milestone/MASK#0',
      '1001/j/milestone/MASK#1',
    ]);
    expect(run.messages.map((m) => m.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
  });

  it("sets each wait's deadline from the order, in the customer's zone", () => {
    expect(run.waits).toEqual([
      { stepIndex: 1, stepId: 'delivered', event: 'order.delivered', deadline: '2026-03-12T15:00:00.000Z' },
    ]);
  });

  it('pins what the run started with', () => {
    expect(run).toMatchObject({
      key: '1001/j',
      journeyId: 'j',
      version: 'test',
      contentSet: '0123456789abcdef',
      orderId: '1001',
      heldOut: true,
      status: 'active',
    });
    expect(run.reactions).toEqual(definition.onAnswer);
    const plain = planRun(runPlan(withoutAnswers, Object.values(products)), o);
    expect(plain).not.toHaveProperty('contentSet');
    expect(plain).not.toHaveProperty('heldOut');
    expect(plain).not.toHaveProperty('reactions');
  });
});
