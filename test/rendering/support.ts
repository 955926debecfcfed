import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Product } from '../../definitions/catalogSchema';
import { catalogIndex, loadCatalog } from '../../definitions/loadCatalog';
import type { Locale } from '../../definitions/localized';
import { loadStores, storeSettings } from '../../definitions/loadStores';
import { buildContext, type MessageInput } from '../../rendering/buildContext';
import { messageLinks } from '../../rendering/messageLinks';
import type { MessageContext } from '../../rendering/messageContext';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

export const TEMPLATES_DIR = path.join(FIXTURE_CONTENT_DIR, 'templates');
export const catalog: Record<string, Product> = Object.fromEntries(catalogIndex(loadCatalog(FIXTURE_CONTENT_DIR)));
export const store = storeSettings(loadStores(FIXTURE_CONTENT_DIR).stores, 'default');

/** A context for `sku` as the journey would build it for `template`; overrides patch the input. */
export function contextFor(
  template: string,
  locale: Locale,
  sku: string,
  overrides: Partial<MessageInput> = {},
): MessageContext {
  const product = catalog[sku];
  const item =
    template === 'milestone'
      ? { kind: 'milestone' as const, sku, index: 0 }
      : ['how-to', 'refill'].includes(template)
        ? { kind: 'product' as const, sku }
        : null;
  const recommend = template === 'cross-sell' ? 'crossSell' : template === 'upsell' ? 'upsell' : undefined;
  const marketing = ['cross-sell', 'upsell', 'refill', 'win-back'].includes(template);
  return buildContext({
    stepId: template,
    category: marketing ? 'marketing' : 'service',
    locale,
    timezone: 'America/New_York',
    store,
    customer: { firstName: 'Ada', lastName: 'Lovelace' },
    order: {
      orderId: 'A-1001',
      placedAt: '2026-03-02T15:00:00Z',
      total: '49.00',
      currency: 'USD',
      lineItems: [{ sku, title: product ? product.name.en : 'Handmade Ceramic Mug', quantity: 1, unitPrice: '49.00' }],
    },
    products: catalog,
    item,
    recommendSkus: recommend && product ? product[recommend] : [],
    links: messageLinks({
      store,
      order: {
        storeId: 'default',
        orderId: 'A-1001',
        lineItems: [{ sku, title: product ? product.name.en : 'Handmade Ceramic Mug' }],
      },
      item,
      products: catalog,
      locale,
      unsubscribe: marketing
        ? {
            unsubscribeUrl: 'https://afterglow.example.com/u/TOKEN',
            preferencesUrl: 'https://afterglow.example.com/u/TOKEN',
          }
        : null,
      asks: ({ feedback: 'feedback', 'win-back': 'win-back' } as const)[template as 'feedback' | 'win-back'],
      answerUrl: (question, choice, answerSku) =>
        `https://afterglow.example.com/a/${question}-${choice}${answerSku ? `-${answerSku}` : ''}`,
    }),
    ...overrides,
  });
}

const scratchDirs: string[] = [];
// Registered by every test file that imports this module, so each removes its own scratch copies.
afterAll(() => scratchDirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A scratch copy of the real templates, for tests that edit or break them. */
export function copyTemplates(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-templates-'));
  scratchDirs.push(dir);
  fs.cpSync(TEMPLATES_DIR, dir, { recursive: true });
  return dir;
}

/** Adds a message template to a scratch templates folder. */
export function writeMessage(templatesDir: string, name: string, mjmlBody: string, text = 'Plain text\n'): string {
  const dir = path.join(templatesDir, 'messages', name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'en.mjml');
  fs.writeFileSync(file, `---\nsubject: 'Subject'\npreheader: 'Preheader'\n---\n${mjmlBody}`);
  fs.writeFileSync(path.join(dir, 'en.txt'), text);
  return file;
}
