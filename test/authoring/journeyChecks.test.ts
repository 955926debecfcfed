import { checkJourney, neverHolds } from '../../authoring/journeyChecks';
import type { Condition } from '../../definitions/journeySchema';
import { journey } from '../helpers/fixtures';

const known = { templates: new Set(['thanks', 'how-to']), skus: new Set(['SERUM']) };

function definition(steps: unknown[], filters: object = {}) {
  return journey({ id: 'j', name: 'J', trigger: { event: 'order.placed', filters }, steps });
}

describe('checkJourney', () => {
  it('finds nothing wrong in a journey that only refers to what exists', () => {
    const j = definition(
      [
        { id: 'thanks', template: 'thanks', category: 'service' },
        { id: 'await', waitFor: { event: 'order.delivered', timeout: '10d', onTimeout: 'exit' } },
        {
          id: 'how-to',
          template: 'how-to',
          category: 'service',
          at: { from: 'previous', after: '2h' },
          when: { fact: 'sku', anyOf: ['SERUM'] },
        },
        {
          id: 'refill',
          template: 'how-to',
          category: 'marketing',
          at: { from: 'delivery', after: '-5d', plusItemOffset: true },
        },
      ],
      { skus: ['SERUM'] },
    );
    expect(checkJourney(j, known)).toEqual([]);
  });

  it('reports unknown templates as errors and unknown SKUs as warnings, at their paths', () => {
    const j = definition(
      [{ id: 'thanks', template: 'thank-you', category: 'service', when: { not: { fact: 'sku', anyOf: ['GHOST'] } } }],
      { skus: ['SERUM', 'NOPE'] },
    );
    expect(checkJourney(j, known)).toEqual([
      {
        severity: 'warning',
        path: ['trigger', 'filters', 'skus', 1],
        message: 'SKU "NOPE" is not in the catalog (catalog/products.yaml)',
      },
      {
        severity: 'error',
        path: ['steps', 0, 'template'],
        message: 'no template "thank-you" (templates/messages/thank-you/ does not exist)',
      },
      {
        severity: 'warning',
        path: ['steps', 0, 'when'],
        message: 'SKU "GHOST" is not in the catalog (catalog/products.yaml)',
      },
    ]);
  });

  it('skips SKU checks when the catalog could not be read', () => {
    expect(
      checkJourney(definition([{ id: 'thanks', template: 'thanks', category: 'service' }], { skus: ['NOPE'] }), {
        ...known,
        skus: null,
      }),
    ).toEqual([]);
  });

  it('rejects a negative wait from an anchor the journey only learns when it has passed', () => {
    const j = definition([
      { id: 'thanks', template: 'thanks', category: 'service' },
      { id: 'again', template: 'thanks', category: 'service', at: { from: 'previous', after: '-1d' } },
    ]);
    expect(checkJourney(j, known)).toEqual([
      {
        severity: 'error',
        path: ['steps', 1, 'at', 'after'],
        message: expect.stringMatching(/^"-1d" counts back from the previous step, which has already happened/),
      },
    ]);
  });

  it('reports a step whose condition never holds', () => {
    const when = {
      all: [
        { fact: 'delivered', is: true },
        { fact: 'delivered', is: false },
      ],
    };
    expect(checkJourney(definition([{ id: 'thanks', template: 'thanks', category: 'service', when }]), known)).toEqual([
      {
        severity: 'error',
        path: ['steps', 0, 'when'],
        message: 'the step can never send: "delivered is true and delivered is false" never holds',
      },
    ]);
  });
});

describe('neverHolds', () => {
  it.each<[string, Condition]>([
    ['a fact both true and false', { all: [{ fact: 'vip', is: true }, { all: [{ fact: 'vip', is: false }] }] }],
    ['a fact and its negation', { all: [{ fact: 'reviewed', is: true }, { not: { fact: 'reviewed', is: true } }] }],
    [
      'bounds that leave no number',
      {
        all: [
          { fact: 'orderTotal', gte: 100 },
          { fact: 'orderTotal', lt: 50 },
        ],
      },
    ],
    ['an empty range in one condition', { fact: 'orderCount', gte: 3, lt: 3 }],
    ['a negative bound (facts are never negative)', { fact: 'itemQuantity', lt: 0 }],
    [
      'a first order bought before (a repeat-customer fact)',
      {
        all: [
          { fact: 'firstOrder', is: true },
          { fact: 'daysSinceBought', lt: 365 },
        ],
      },
    ],
    [
      'an any of impossible branches',
      {
        any: [
          { fact: 'orderCount', lt: 0 },
          {
            all: [
              { fact: 'vip', is: true },
              { fact: 'vip', is: false },
            ],
          },
        ],
      },
    ],
  ])('is true for %s', (_name, condition) => expect(neverHolds(condition)).toBe(true));

  it.each<[string, Condition]>([
    ['one fact', { fact: 'delivered', is: false }],
    [
      'different facts',
      {
        all: [
          { fact: 'vip', is: true },
          { fact: 'firstOrder', is: false },
        ],
      },
    ],
    [
      'a repeat order bought before',
      {
        all: [
          { fact: 'firstOrder', is: false },
          { fact: 'daysSinceBought', lt: 365 },
        ],
      },
    ],
    [
      'a first order with a product new to the customer',
      { all: [{ fact: 'firstOrder', is: true }, { not: { fact: 'daysSinceBought', lt: 365 } }] },
    ],
    [
      'overlapping bounds',
      {
        all: [
          { fact: 'orderTotal', gte: 50 },
          { fact: 'orderTotal', lt: 100 },
        ],
      },
    ],
    [
      'an any with one possible branch',
      {
        any: [
          { fact: 'orderCount', lt: 0 },
          { fact: 'vip', is: true },
        ],
      },
    ],
    [
      'a not around a group (not reasoned about)',
      { all: [{ fact: 'vip', is: true }, { not: { all: [{ fact: 'vip', is: true }] } }] },
    ],
    [
      'product tags (not reasoned about)',
      { all: [{ fact: 'productTag', anyOf: ['a'] }, { not: { fact: 'productTag', anyOf: ['a'] } }] },
    ],
  ])('is false for %s', (_name, condition) => expect(neverHolds(condition)).toBe(false));
});
