import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogIndex, loadCatalog } from '../../definitions/loadCatalog';
import { DefinitionError } from '../../definitions/loadYaml';
import { loadStores, storeSettings } from '../../definitions/loadStores';

const REPO_ROOT = path.resolve(__dirname, '../..');

describe('the demo catalog', () => {
  const catalog = loadCatalog(REPO_ROOT);
  const products = catalogIndex(catalog);

  it('has at least 7 products in at least 3 categories', () => {
    expect(catalog.products.length).toBeGreaterThanOrEqual(7);
    expect(new Set(catalog.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(3);
    expect([...products.keys()]).toEqual(catalog.products.map((p) => p.sku));
  });

  it.each(loadCatalog(REPO_ROOT).products.map((p) => [p.sku, p] as const))(
    '%s has its copy in English and Japanese',
    (_sku, product) => {
      for (const text of [
        product.name,
        product.benefits,
        product.howTo,
        ...product.milestones.flatMap((m) => [m.title, m.notice]),
      ]) {
        expect(text.ja).toBeDefined();
        expect(JSON.stringify(text.ja)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
      expect(product.url).toMatch(/^https:\/\/shop\.example\.com\/products\//);
    },
  );

  it('offers something for cross-sell and upsell, and milestones for products that show results', () => {
    expect(catalog.products.filter((p) => p.crossSell.length).length).toBeGreaterThanOrEqual(7);
    expect(catalog.products.filter((p) => p.upsell.length).length).toBeGreaterThanOrEqual(3);
    expect(catalog.products.filter((p) => p.milestones.length).length).toBeGreaterThanOrEqual(7);
  });

  it('knows how long consumables last and leaves durable goods without', () => {
    expect(products.get('COFFEE-ETHIOPIA-250')?.daysOfSupply).toBe(14);
    expect(products.get('POUROVER-DRIPPER')?.daysOfSupply).toBeUndefined();
  });
});

describe('stores', () => {
  it('loads the demo store as the default', () => {
    const { stores, keys } = loadStores(REPO_ROOT);
    expect(keys).toEqual([]);
    expect(storeSettings(stores, 'default')).toEqual({
      name: 'Afterglow Demo Store',
      url: 'https://shop.example.com',
      supportEmail: 'support@shop.example.com',
      defaultLocale: 'en',
      locales: ['en', 'ja'],
      timezone: 'America/New_York',
      postalAddress: {
        en: '100 Example Street, Suite 200, Springfield, IL 62701, USA',
        ja: '〒100-0001 東京都千代田区千代田1-1 サンプルビル2階',
      },
      cartUrl: 'https://shop.example.com/cart/add?sku={sku}',
      measurement: { attributionWindow: '5d', openPixel: false },
      vip: {
        minOrders: 3,
        minLifetimeSpend: { USD: 300, JPY: 45000 },
        benefits: expect.objectContaining({ en: expect.any(Array), ja: expect.any(Array) }),
      },
      sending: {
        window: { start: '09:00', end: '20:00' },
        openingSpreadMinutes: 30,
        marketingCaps: { minHoursBetween: 20, maxPerWeek: 3 },
        softOptIn: false,
        combineProductMessagesAbove: 3,
        maxMessagesPerWeek: 5,
        recommendOwnedProducts: false,
      },
    });
    expect(storeSettings(stores, 'some-other-store')).toBe(stores.get('default'));
  });

  it('reports every broken store file, and a missing default', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-stores-'));
    fs.mkdirSync(path.join(dir, 'stores'));
    fs.writeFileSync(
      path.join(dir, 'stores', 'tokyo.yaml'),
      'name: Tokyo\nurl: https://tokyo.example.com\nsupportEmail: help@tokyo.example.com\ntimezone: Tokyo\n',
    );
    expect(() => loadStores(dir)).toThrow(DefinitionError);
    expect(() => loadStores(dir)).toThrow(
      `${path.join(dir, 'stores', 'tokyo.yaml')}:4:11: timezone: must be an IANA time zone`,
    );
    fs.writeFileSync(
      path.join(dir, 'stores', 'tokyo.yaml'),
      'name: Tokyo\nurl: https://tokyo.example.com\nsupportEmail: help@tokyo.example.com\ntimezone: Asia/Tokyo\n',
    );
    expect(() => loadStores(dir)).toThrow(/default\.yaml: missing/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
