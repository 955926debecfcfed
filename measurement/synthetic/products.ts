/**
 * The products synthetic customers buy: SKUs of catalog/products.yaml with made-up USD prices. Only what shapes
 * the journey is kept: days of supply (refill and win-back timing) and milestone weeks (one message each).
 */
export interface SyntheticProduct {
  sku: string;
  price: number;
  daysOfSupply?: number;
  milestoneWeeks: number[];
}

export const SYNTHETIC_PRODUCTS: readonly SyntheticProduct[] = [
  { sku: 'VC-SERUM-30', price: 38, daysOfSupply: 30, milestoneWeeks: [1, 4, 8] },
  { sku: 'GENTLE-CLEANSER', price: 22, daysOfSupply: 60, milestoneWeeks: [2] },
  { sku: 'VC-SERUM-90', price: 96, daysOfSupply: 90, milestoneWeeks: [4, 12] },
  { sku: 'COFFEE-ETHIOPIA-250', price: 16, daysOfSupply: 14, milestoneWeeks: [1, 2] },
  { sku: 'POUROVER-DRIPPER', price: 34, milestoneWeeks: [1, 3] },
  { sku: 'PAPER-FILTERS-100', price: 8, daysOfSupply: 100, milestoneWeeks: [] },
  { sku: 'HAND-GRINDER', price: 79, milestoneWeeks: [2] },
  { sku: 'MAG-SLEEP-30', price: 29, daysOfSupply: 30, milestoneWeeks: [1, 3] },
  { sku: 'MAG-SLEEP-90', price: 74, daysOfSupply: 90, milestoneWeeks: [2, 6] },
  { sku: 'HERBAL-TEA-CHAMOMILE', price: 12, daysOfSupply: 20, milestoneWeeks: [1] },
];

export const productUrl = (sku: string) => `https://shop.example.com/products/${sku.toLowerCase()}`;
