import path from 'node:path';
import { renderSample, sampleMessageInput, sampleOrder } from '../../authoring/sampleMessage';
import { loadContent } from '../../definitions/content';
import { listTemplates } from '../../rendering/templateSource';
import { order } from '../helpers/fixtures';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

const content = loadContent(FIXTURE_CONTENT_DIR);
const PUBLIC_URL = 'https://afterglow.example.com';
const placedAt = new Date('2026-03-02T15:00:00Z');
const input = (template: string, locale: 'en' | 'ja' = 'en') =>
  sampleMessageInput(content, { template, locale, publicUrl: PUBLIC_URL, now: placedAt });

describe('sampleOrder', () => {
  it('orders two of the catalog product with the most to show, in the currency of the language', () => {
    const en = sampleOrder(content.products, 'en', placedAt);
    expect(en.lineItems).toEqual([
      { sku: 'VC-SERUM-30', title: 'Vitamin C Brightening Serum (30-day)', quantity: 2, unitPrice: '49.00' },
    ]);
    expect(en).toMatchObject({
      currency: 'USD',
      total: '98.00',
      placedAt: '2026-03-02T15:00:00.000Z',
      storeId: 'default',
    });
    expect(en.customer).toMatchObject({ firstName: 'Ada', locale: 'en-US' });
    const ja = sampleOrder(content.products, 'ja', placedAt);
    expect(ja).toMatchObject({ currency: 'JPY', total: '9800' });
    expect(ja.customer).toMatchObject({ lastName: '佐藤', locale: 'ja-JP', timezone: 'Asia/Tokyo' });
  });
});

describe('sampleMessageInput', () => {
  it('takes the category, item and recommendations from the journey step that uses the template', () => {
    expect(input('reassurance')).toMatchObject({
      stepId: 'reassurance',
      category: 'service',
      item: null,
      recommendSkus: [],
    });
    expect(input('how-to')).toMatchObject({ item: { kind: 'product', sku: 'VC-SERUM-30' } });
    expect(input('milestone')).toMatchObject({ item: { kind: 'milestone', sku: 'VC-SERUM-30', index: 0 } });
    expect(input('cross-sell')).toMatchObject({ category: 'marketing', recommendSkus: ['GENTLE-CLEANSER'] });
    expect(input('upsell')).toMatchObject({ category: 'marketing', recommendSkus: ['VC-SERUM-90'] });
  });

  it('links like a real send, with placeholders that cannot unsubscribe or answer for anyone', () => {
    expect(input('refill').links).toEqual({
      shop: 'https://shop.example.com',
      reorder: 'https://shop.example.com/cart/add?sku=VC-SERUM-30',
      unsubscribe: `${PUBLIC_URL}/u/preview`,
      preferences: `${PUBLIC_URL}/u/preview`,
      ratings: [],
      reasons: null,
    });
    expect(input('how-to').links.unsubscribe).toBeNull();
    expect(input('feedback').links.ratings).toEqual([
      {
        sku: 'VC-SERUM-30',
        name: expect.any(String),
        scores: [1, 2, 3, 4, 5].map((value) => ({ value, url: `${PUBLIC_URL}/a/preview-feedback-${value}` })),
      },
    ]);
    expect(input('win-back').links.reasons).toMatchObject({
      stillHaveSome: `${PUBLIC_URL}/a/preview-win-back-still-have-some`,
    });
  });

  it("uses a given order, in its customer's language unless told otherwise", () => {
    const given = order({
      customer: { id: 'c-1', email: 'k@example.com', lastName: '山田', locale: 'ja-JP', acceptsMarketing: true },
    });
    const sample = sampleMessageInput(content, { template: 'how-to', order: given, publicUrl: PUBLIC_URL });
    expect(sample).toMatchObject({
      locale: 'ja',
      order: given,
      item: { kind: 'product', sku: 'SERUM' },
      customer: { lastName: '山田' },
    });
    expect(
      sampleMessageInput(content, { template: 'how-to', order: given, locale: 'en', publicUrl: PUBLIC_URL }).locale,
    ).toBe('en');
  });

  it('previews a template no journey uses as a service message about the order', () => {
    expect(input('brand-new')).toMatchObject({
      stepId: 'brand-new',
      category: 'service',
      item: null,
      recommendSkus: [],
    });
  });
});

describe('renderSample', () => {
  it.each(
    listTemplates(path.join(FIXTURE_CONTENT_DIR, 'templates')).map(
      ({ template, locale }) => [template, locale] as const,
    ),
  )('renders %s in %s through the compiled template', async (template, locale) => {
    const { rendered } = await renderSample(FIXTURE_CONTENT_DIR, {
      template,
      locale,
      publicUrl: PUBLIC_URL,
      now: placedAt,
    });
    expect(rendered.subject).not.toBe('');
    expect(rendered.html).toContain(`<html lang="${locale}"`);
    expect(rendered.html).toContain(locale === 'en' ? 'Ada' : '佐藤様');
    for (const part of Object.values(rendered)) expect(part).not.toMatch(/undefined|\bnull\b|\[object/);
  });

  it("fails with the template loader's message for an unknown template", async () => {
    await expect(renderSample(FIXTURE_CONTENT_DIR, { template: 'nope', publicUrl: PUBLIC_URL })).rejects.toThrow(
      /unknown template "nope"/,
    );
  });
});
