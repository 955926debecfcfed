import { ZodError } from 'zod';
import { buildContext, resolveLocale } from '../../rendering/buildContext';
import { MessageContext } from '../../rendering/messageContext';
import { catalog, contextFor, store } from './support';

describe('resolveLocale', () => {
  it('maps a customer language tag onto a template locale the store uses', () => {
    expect(resolveLocale('ja-JP', store)).toBe('ja');
    expect(resolveLocale('JA', store)).toBe('ja');
    expect(resolveLocale('en_GB', store)).toBe('en');
  });

  it('falls back to the store default for unknown, unsupported or missing languages', () => {
    expect(resolveLocale('fr-FR', store)).toBe('en');
    expect(resolveLocale(undefined, store)).toBe('en');
    expect(resolveLocale('ja-JP', { ...store, locales: ['en'] })).toBe('en');
    expect(resolveLocale('fr', { defaultLocale: 'ja', locales: ['en', 'ja'] })).toBe('ja');
  });
});

describe('buildContext', () => {
  it('produces a valid MessageContext with the catalog copy in the message language', () => {
    const context = contextFor('milestone', 'ja', 'MAG-SLEEP-30');
    expect(MessageContext.parse(context)).toEqual(context);
    expect(context.product).toMatchObject({
      sku: 'MAG-SLEEP-30',
      known: true,
      name: catalog['MAG-SLEEP-30'].name.ja,
      supplyDays: 30,
    });
    expect(context.product.howTo).toEqual(catalog['MAG-SLEEP-30'].howTo.ja);
    expect(context.milestone).toEqual({
      week: 1,
      title: catalog['MAG-SLEEP-30'].milestones[0].title.ja,
      notice: catalog['MAG-SLEEP-30'].milestones[0].notice.ja,
    });
  });

  it('gives a product missing from the catalog a generic view named after its line item', () => {
    const context = contextFor('how-to', 'en', 'MUG-UNLISTED');
    expect(context.product).toEqual({
      sku: 'MUG-UNLISTED',
      known: false,
      name: 'Handmade Ceramic Mug',
      url: null,
      imageUrl: null,
      quantity: 1,
      benefits: [],
      howTo: [],
      supplyDays: null,
      buildsResults: false,
      reviewUrl: null,
      ownedSince: null,
      results: [],
      extra: {},
    });
    expect(context.milestone).toBeNull();
  });

  it('sums repeated lines of a SKU and scales the days of supply with the quantity', () => {
    const context = contextFor('refill', 'en', 'COFFEE-ETHIOPIA-250', {
      order: {
        orderId: 'A-2',
        placedAt: '2026-03-02T15:00:00Z',
        total: '66.00',
        currency: 'USD',
        lineItems: [
          { sku: 'COFFEE-ETHIOPIA-250', title: 'Beans', quantity: 2, unitPrice: '18.00' },
          { sku: 'POUROVER-DRIPPER', title: 'Dripper', quantity: 1, unitPrice: '30.00' },
          { sku: 'COFFEE-ETHIOPIA-250', title: 'Beans', quantity: 1, unitPrice: '18.00' },
        ],
      },
    });
    expect(context.products.map((p) => [p.sku, p.quantity, p.supplyDays])).toEqual([
      ['COFFEE-ETHIOPIA-250', 3, 42],
      ['POUROVER-DRIPPER', 1, null],
    ]);
    expect(context.order.itemCount).toBe(4);
  });

  it('makes the message product the item of the message, else the first of the order', () => {
    const order = {
      orderId: 'A-3',
      placedAt: '2026-03-02T15:00:00Z',
      total: '60.00',
      currency: 'USD',
      lineItems: [
        { sku: 'GENTLE-CLEANSER', title: 'Cleanser', quantity: 1, unitPrice: '20.00' },
        { sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '40.00' },
      ],
    };
    expect(contextFor('how-to', 'en', 'VC-SERUM-30', { order }).product.sku).toBe('VC-SERUM-30');
    expect(contextFor('feedback', 'en', 'VC-SERUM-30', { order }).product.sku).toBe('GENTLE-CLEANSER');
  });

  it('shows the recommended products it has catalog entries for, in order', () => {
    const context = contextFor('cross-sell', 'en', 'COFFEE-ETHIOPIA-250', {
      recommendSkus: ['PAPER-FILTERS-100', 'GONE', 'POUROVER-DRIPPER'],
    });
    expect(context.recommendations.map((p) => [p.sku, p.known, p.name])).toEqual([
      ['PAPER-FILTERS-100', true, 'Unbleached Paper Filters (100)'],
      ['POUROVER-DRIPPER', true, 'Ceramic Pour-over Dripper'],
    ]);
  });

  it('treats blank names as missing', () => {
    expect(contextFor('how-to', 'en', 'VC-SERUM-30', { customer: { firstName: '  ', lastName: '' } }).customer).toEqual(
      { firstName: null, lastName: null, since: null, orderCount: 1 },
    );
  });

  it('rejects malformed input (it arrives as JSON from workflow history)', () => {
    const input = { stepId: 'x', category: 'service', locale: 'fr' } as never;
    // A validation error, not a TypeError from reading a field that is not there.
    expect(() => buildContext(input)).toThrow(ZodError);
  });
});
