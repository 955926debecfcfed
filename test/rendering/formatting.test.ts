import { handlebars } from '../../rendering/helpers';
import { TemplateLibrary } from '../../rendering/compiledTemplates';
import { renderMessage } from '../../rendering/renderMessage';
import { contextFor, TEMPLATES_DIR } from './support';

const render = (source: string, root: Record<string, unknown>) => handlebars.compile(source, { strict: true })(root);
// 15:00 UTC is 10:00 in New York and already midnight of the next day in Tokyo.
const placedAt = '2026-03-02T15:00:00Z';

describe('formatDate', () => {
  it('shows the date in the time zone of the message', () => {
    expect(render('{{formatDate d}}', { d: placedAt, locale: 'en', timezone: 'America/New_York' })).toBe(
      'March 2, 2026',
    );
    expect(render('{{formatDate d}}', { d: placedAt, locale: 'en', timezone: 'Asia/Tokyo' })).toBe('March 3, 2026');
  });

  it('writes the date the way the language does', () => {
    expect(render('{{formatDate d}}', { d: placedAt, locale: 'ja', timezone: 'Asia/Tokyo' })).toBe('2026年3月3日');
  });

  it('takes a preset name or a Luxon format', () => {
    const root = { d: placedAt, locale: 'en', timezone: 'Asia/Tokyo' };
    expect(render('{{formatDate d "DATE_MED"}}', root)).toBe('Mar 3, 2026');
    expect(render('{{formatDate d "yyyy-MM-dd HH:mm"}}', root)).toBe('2026-03-03 00:00');
  });

  it('refuses something that is not a date', () => {
    expect(() => render('{{formatDate d}}', { d: 'soon', locale: 'en', timezone: 'UTC' })).toThrow(
      /not an ISO 8601 date/,
    );
  });
});

describe('formatMoney', () => {
  it('formats per language and currency', () => {
    expect(render('{{formatMoney a c}}', { a: '49.00', c: 'USD', locale: 'en' })).toBe('$49.00');
    expect(render('{{formatMoney a c}}', { a: '4900', c: 'JPY', locale: 'ja' })).toBe('￥4,900');
    expect(render('{{formatMoney a c}}', { a: '4900', c: 'JPY', locale: 'en' })).toBe('¥4,900');
    expect(render('{{formatMoney a c}}', { a: '1234.5', c: 'EUR', locale: 'en' })).toBe('€1,234.50');
  });
});

describe('in a rendered message', () => {
  const library = new TemplateLibrary(TEMPLATES_DIR);

  it('uses the customer time zone and the message language', async () => {
    const tokyo = contextFor('reassurance', 'ja', 'VC-SERUM-30', {
      timezone: 'Asia/Tokyo',
      order: {
        orderId: 'J-1',
        placedAt,
        total: '4900',
        currency: 'JPY',
        lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '4900' }],
      },
    });
    const newYork = contextFor('reassurance', 'en', 'VC-SERUM-30');
    expect((await renderMessage(library, 'reassurance', 'ja', tokyo)).text).toContain(
      '2026年3月3日ご注文・合計 ￥4,900',
    );
    expect((await renderMessage(library, 'reassurance', 'en', newYork)).text).toContain(
      'placed March 2, 2026 · $49.00',
    );
  });
});
