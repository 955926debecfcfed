import { journeyMatches } from '../../rules/trigger';
import { journey, order, product } from '../helpers/fixtures';

const withFilters = (filters: object) =>
  journey({
    id: 'j',
    name: 'J',
    trigger: { event: 'order.placed', filters },
    steps: [{ id: 'hello', template: 'reassurance', category: 'service' }],
  });
/** An order of 49.00 with SERUM (tagged skincare by the catalog) and a line tagged gift by the store. */
const anOrder = order({
  total: '49.00',
  lineItems: [
    { sku: 'SERUM', title: 'Serum', quantity: 1, unitPrice: '39.00' },
    { sku: 'BOX', title: 'Box', quantity: 1, unitPrice: '10.00', productTags: ['gift'] },
  ],
});
const catalog = { SERUM: product('SERUM', { tags: ['skincare'] }) };

describe('whether a journey starts for an order (journeyMatches)', () => {
  it.each<[string, object, { firstOrder: boolean; becameVip?: boolean }, boolean]>([
    ['no filters', {}, { firstOrder: false }, true],
    ['one of the SKUs is in the order', { skus: ['OTHER', 'BOX'] }, { firstOrder: false }, true],
    ['none of the SKUs is', { skus: ['OTHER'] }, { firstOrder: false }, false],
    ["a tag from the catalog's product", { productTags: ['skincare'] }, { firstOrder: false }, true],
    ["a tag the order's line carries", { productTags: ['gift'] }, { firstOrder: false }, true],
    ['a tag nothing carries', { productTags: ['haircare'] }, { firstOrder: false }, false],
    ['any one of the tags it lists', { productTags: ['haircare', 'gift'] }, { firstOrder: false }, true],
    ['first orders only, on a first order', { firstOrder: true }, { firstOrder: true }, true],
    ['first orders only, on a repeat order', { firstOrder: true }, { firstOrder: false }, false],
    ['repeat orders only, on a first order', { firstOrder: false }, { firstOrder: true }, false],
    ['became VIP, when this order made them one', { becameVip: true }, { firstOrder: false, becameVip: true }, true],
    ['became VIP, when the planner did not say', { becameVip: true }, { firstOrder: false }, false],
    ['not became VIP, when the planner did not say', { becameVip: false }, { firstOrder: false }, true],
    ['a minimum total exactly at the total', { minTotal: 49 }, { firstOrder: false }, true],
    ['a minimum total a cent above it', { minTotal: 49.01 }, { firstOrder: false }, false],
    ['a maximum total exactly at the total', { maxTotal: 49 }, { firstOrder: false }, true],
    ['a maximum total a cent below it', { maxTotal: 48.99 }, { firstOrder: false }, false],
    ['every filter given must match: one fails', { skus: ['SERUM'], firstOrder: true }, { firstOrder: false }, false],
  ])('%s → %s', (_name, filters, facts, expected) => {
    expect(journeyMatches(withFilters(filters), anOrder, facts, catalog)).toBe(expected);
  });
});
