import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { pick } from '../../definitions/localized';
import { TemplateLibrary } from '../../rendering/compiledTemplates';
import { renderMessage } from '../../rendering/renderMessage';
import { catalog, contextFor, store, TEMPLATES_DIR } from './support';

const MESSAGES = [
  'cross-sell',
  'delivery-check',
  'feedback',
  'how-to',
  'how-to-again',
  'milestone',
  'reassurance',
  'refill',
  'review-invite',
  'sorry',
  'thanks-again',
  'upsell',
  'vip-thanks',
  'win-back',
];
const SKU = 'VC-SERUM-30';
const serum = catalog[SKU];
const library = new TemplateLibrary(TEMPLATES_DIR);

/** Copy from the catalog each message must show for the serum, as it appears in HTML (escaped). */
function expectedCopy(template: string, locale: 'en' | 'ja'): string[] {
  const name = pick(serum.name, locale);
  const of = (sku: string) => pick(catalog[sku].name, locale);
  const byTemplate: Record<string, string[]> = {
    reassurance: [name, pick(serum.benefits, locale)[0]],
    'how-to': [name, ...pick(serum.howTo, locale)],
    milestone: [name, pick(serum.milestones[0].notice, locale), pick(serum.milestones[0].title, locale)],
    'cross-sell': serum.crossSell.map(of),
    upsell: serum.upsell.map(of),
    // A rating link per score for the product.
    feedback: [name, ...[1, 2, 3, 4, 5].map((n) => `https://afterglow.example.com/a/feedback-${n}-${SKU}`)],
    refill: [name, pick(serum.benefits, locale)[1], `https://shop.example.com/cart/add?sku=${SKU}`],
    'win-back': [
      name,
      ...['still-have-some', 'didnt-work', 'too-expensive', 'bought-elsewhere', 'something-else'].map(
        (c) => `https://afterglow.example.com/a/win-back-${c}`,
      ),
    ],
    'how-to-again': [name, ...pick(serum.howTo, locale)],
    'review-invite': [name, serum.reviewUrl!],
    sorry: [name],
    'vip-thanks': pick(store.vip.benefits!, locale),
    'delivery-check': [name, 'A-1001'],
    'thanks-again': [name, 'A-1001'],
  };
  return byTemplate[template].map((s) => Handlebars.escapeExpression(s));
}

it('has every message of the default journey in English and Japanese', () => {
  expect(library.list()).toEqual(
    MESSAGES.flatMap((template) => [
      { template, locale: 'en' },
      { template, locale: 'ja' },
    ]),
  );
});

it('never writes a value unescaped (no triple-stash or {{& }})', () => {
  const files = fs
    .readdirSync(TEMPLATES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(mjml|txt|hbs)$/.test(f));
  expect(files.length).toBeGreaterThan(30);
  for (const f of files) expect(fs.readFileSync(path.join(TEMPLATES_DIR, f), 'utf8')).not.toMatch(/\{\{\{|\{\{~?&/);
});

it('compiles every template without MJML or Handlebars errors', async () => {
  await expect(library.warm()).resolves.toBeUndefined();
});

describe.each(MESSAGES)('%s', (template) => {
  it.each(['en', 'ja'] as const)('renders a catalog product in %s', async (locale) => {
    const out = await renderMessage(library, template, locale, contextFor(template, locale, SKU));
    expect(out.subject.trim()).not.toBe('');
    expect(out.preheader.trim()).not.toBe('');
    expect(out.text.trim()).not.toBe('');
    expect(out.html).toContain(`<html lang="${locale}"`);
    for (const copy of expectedCopy(template, locale)) expect(out.html).toContain(copy);
    expect(out.text).toContain(locale === 'en' ? 'Ada' : 'Lovelace様');
    for (const part of [out.subject, out.preheader, out.html, out.text])
      expect(part).not.toMatch(/undefined|\bnull\b|\[object/);
  });

  it.each(['en', 'ja'] as const)(
    'renders generic copy for a product missing from the catalog, without a name, in %s',
    async (locale) => {
      const context = contextFor(template, locale, 'MUG-UNLISTED', { customer: {} });
      const out = await renderMessage(library, template, locale, context);
      expect(out.text.startsWith(locale === 'en' ? 'Hello,' : 'お客様')).toBe(true);
      expect(out.subject.trim()).not.toBe('');
      expect(out.preheader.trim()).not.toBe('');
      expect(out.text.trim()).not.toBe('');
      if (!['cross-sell', 'upsell', 'vip-thanks'].includes(template))
        expect(out.html).toContain('Handmade Ceramic Mug');
      for (const part of [out.subject, out.preheader, out.html, out.text])
        expect(part).not.toMatch(/undefined|\bnull\b|\[object/);
    },
  );
});

it('shows the visible unsubscribe link only on marketing messages', async () => {
  const service = await renderMessage(library, 'how-to', 'en', contextFor('how-to', 'en', SKU));
  const marketing = await renderMessage(library, 'cross-sell', 'en', contextFor('cross-sell', 'en', SKU));
  const japanese = await renderMessage(library, 'cross-sell', 'ja', contextFor('cross-sell', 'ja', SKU));
  expect(service.text).not.toContain('/u/TOKEN');
  expect(service.html).not.toContain('/u/TOKEN');
  expect(marketing.text).toContain('To unsubscribe or pause them: https://afterglow.example.com/u/TOKEN');
  expect(marketing.html).toContain('<a href="https://afterglow.example.com/u/TOKEN"');
  expect(japanese.html).toContain('配信停止・一時停止はこちら');
});

describe('messages that combine the products of a large order', () => {
  const skus = Object.values(catalog)
    .filter((p) => p.milestones.length && p.daysOfSupply)
    .slice(0, 4)
    .map((p) => p.sku);
  const lineItems = [
    ...skus.map((sku) => ({ sku, title: sku, quantity: 1, unitPrice: '10.00' })),
    { sku: 'MUG-UNLISTED', title: 'Handmade Ceramic Mug', quantity: 1, unitPrice: '10.00' },
  ];
  const items = {
    'how-to': {
      kind: 'combined' as const,
      items: [...skus, 'MUG-UNLISTED'].map((sku) => ({ kind: 'product' as const, sku })),
    },
    refill: { kind: 'combined' as const, items: skus.map((sku) => ({ kind: 'product' as const, sku })) },
    milestone: { kind: 'combined' as const, items: skus.map((sku) => ({ kind: 'milestone' as const, sku, index: 0 })) },
  };

  it.each(
    Object.keys(items).flatMap((template) => (['en', 'ja'] as const).map((locale) => [template, locale] as const)),
  )('%s in %s speaks of each product, not of one', async (template, locale) => {
    const base = contextFor(template, locale, skus[0]);
    const context = contextFor(template, locale, skus[0], {
      item: items[template as keyof typeof items],
      order: { orderId: 'A-1001', placedAt: '2026-03-02T15:00:00Z', total: '50.00', currency: 'USD', lineItems },
    });
    expect(context.combined).toBe(true);
    const out = await renderMessage(library, template, locale, context);
    for (const sku of skus) {
      const name = Handlebars.escapeExpression(pick(catalog[sku].name, locale));
      expect(out.html).toContain(name);
      expect(out.text).toContain(pick(catalog[sku].name, locale));
      if (template === 'how-to')
        expect(out.html).toContain(Handlebars.escapeExpression(pick(catalog[sku].howTo, locale)[0]));
      if (template === 'milestone')
        expect(out.html).toContain(Handlebars.escapeExpression(pick(catalog[sku].milestones[0].notice, locale)));
    }
    // The subject is about the order, not the first product's name.
    expect(out.subject).not.toContain(pick(catalog[skus[0]].name, locale));
    expect(base.combined).toBe(false);
    for (const part of [out.subject, out.preheader, out.html, out.text])
      expect(part).not.toMatch(/undefined|\bnull\b|\[object/);
  });
});

describe('a returning customer', () => {
  // First bought 10 weeks before this order, which is their fourth.
  const history = {
    firstOrderAt: '2025-12-01T15:00:00Z',
    orderCount: 4,
    ownedSince: { [SKU]: '2025-12-22T15:00:00Z' },
  };
  const reached = serum.milestones.filter((m) => m.week <= 10);

  it.each(['en', 'ja'] as const)(
    'gets a refill (%s) that recalls the results since they started, not the beginner benefits',
    async (locale) => {
      const out = await renderMessage(library, 'refill', locale, contextFor('refill', locale, SKU, { history }));
      expect(reached.length).toBeGreaterThan(0);
      for (const m of reached) expect(out.text).toContain(pick(m.title, locale));
      expect(out.text).toContain(locale === 'en' ? 'since December 22, 2025' : '2025年12月22日から');
      expect(out.text).not.toContain(pick(serum.benefits, locale)[1]);
    },
  );

  it.each(['en', 'ja'] as const)(
    'is thanked again (%s) for the relationship: since when and which order this is',
    async (locale) => {
      const out = await renderMessage(
        library,
        'thanks-again',
        locale,
        contextFor('thanks-again', locale, SKU, { history }),
      );
      expect(out.text).toContain(
        locale === 'en'
          ? 'You first ordered from us in December 2025, and this is your order number 4'
          : '2025年12月に初めてご注文いただいてから、今回で4回目のご注文',
      );
      for (const benefit of pick(serum.benefits, locale)) expect(out.text).not.toContain(benefit);
    },
  );

  it('a first-time buyer (no history) keeps the first-order refill copy', async () => {
    const out = await renderMessage(library, 'refill', 'en', contextFor('refill', 'en', SKU));
    expect(out.text).toContain('Think back to when you ordered it');
    expect(out.text).not.toContain("You've been using");
  });
});

it('hides the preheader with display:none and no colour of its own (white-on-background text scores as low contrast)', async () => {
  const out = await renderMessage(library, 'how-to', 'en', contextFor('how-to', 'en', SKU));
  const hidden = /<div style="([^"]*)"[^>]*>([^<]*)<\/div>/.exec(out.html.slice(out.html.indexOf('<body')))!;
  expect(hidden[2].trim()).toBe(Handlebars.escapeExpression(out.preheader));
  expect(hidden[1]).toContain('display:none');
  expect(out.html).not.toMatch(/color:\s*#fff(fff)?\b[^"]*max-height:\s*0/i);
  expect(hidden[1]).not.toMatch(/color/i);
});
