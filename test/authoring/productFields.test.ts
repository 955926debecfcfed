import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatProblem } from '../../authoring/problems';
import { renderSample } from '../../authoring/sampleMessage';
import { validateContent } from '../../authoring/validate';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/** Issue #21: per-product copy of the catalog's own, declared under `fields:`, usable and checked in templates. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function contentWith(edit: { catalog?: (text: string) => string; howTo?: (text: string) => string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-fields-'));
  dirs.push(dir);
  for (const folder of ['journeys', 'catalog', 'stores', 'templates'])
    fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(dir, folder), { recursive: true });
  const catalog = path.join(dir, 'catalog', 'products.yaml');
  fs.writeFileSync(catalog, (edit.catalog ?? ((t) => t))(fs.readFileSync(catalog, 'utf8')));
  for (const locale of ['en', 'ja']) {
    const file = path.join(dir, 'templates', 'messages', 'how-to', `${locale}.mjml`);
    fs.writeFileSync(file, (edit.howTo ?? ((t) => t))(fs.readFileSync(file, 'utf8')));
  }
  return dir;
}
const declareTip = (text: string) =>
  text
    .replace(/^products:/m, 'fields: [tip]\nproducts:')
    .replace(
      '  - sku: VC-SERUM-30\n',
      '  - sku: VC-SERUM-30\n    extra:\n      tip: { en: "Apply before sunscreen, never after.", ja: "日焼け止めの前にお使いください。" }\n',
    );
const useTip = (field: string) => (text: string) =>
  text.replace('</mj-text>', `{{#if product.extra.${field}}}<p>Tip: {{product.extra.${field}}}</p>{{/if}}</mj-text>`);
const problems = async (dir: string) => (await validateContent(dir)).problems.map((p) => formatProblem(p, dir));

it('a declared field renders in the message language, and a product without it gets null (the #if skips it)', async () => {
  const dir = contentWith({ catalog: declareTip, howTo: useTip('tip') });
  expect(await problems(dir)).toEqual([]);
  const en = await renderSample(dir, {
    template: 'how-to',
    sku: 'VC-SERUM-30',
    locale: 'en',
    publicUrl: 'https://afterglow.example.com',
  });
  expect(en.rendered.html).toContain('Tip: Apply before sunscreen, never after.');
  const ja = await renderSample(dir, {
    template: 'how-to',
    sku: 'VC-SERUM-30',
    locale: 'ja',
    publicUrl: 'https://afterglow.example.com',
  });
  expect(ja.rendered.html).toContain('Tip: 日焼け止めの前にお使いください。');
  const other = await renderSample(dir, {
    template: 'how-to',
    sku: 'GENTLE-CLEANSER',
    locale: 'en',
    publicUrl: 'https://afterglow.example.com',
  });
  expect(other.rendered.html).not.toContain('Tip:');
});

it('validate names a field the catalog does not declare, in the catalog and in a template', async () => {
  const undeclared = contentWith({
    catalog: (t) => declareTip(t).replace('    extra:\n      tip:', '    extra:\n      tips:'),
  });
  expect(await problems(undeclared)).toEqual([
    expect.stringMatching(
      /^catalog\/products\.yaml:\d+: products\[VC-SERUM-30\]\.extra\.tips: "tips" is not among the catalog's fields \(tip\): add it to `fields:` at the top \(did you mean "tip"\?\)$/,
    ),
  ]);
  const misspelt = contentWith({ catalog: declareTip, howTo: useTip('tips') });
  expect(await problems(misspelt)).toEqual([
    expect.stringMatching(
      /^templates\/messages\/how-to\/en\.mjml:\d+: product\.extra\.tips: product\.extra has no "tips" \(it has tip\)$/,
    ),
    expect.stringMatching(
      /^templates\/messages\/how-to\/ja\.mjml:\d+: product\.extra\.tips: product\.extra has no "tips" \(it has tip\)$/,
    ),
  ]);
});
