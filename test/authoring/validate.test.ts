import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatProblem } from '../../authoring/problems';
import { validateContent } from '../../authoring/validate';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

const REPO_ROOT = path.resolve(__dirname, '../..');
const BROKEN = path.join(__dirname, 'fixtures', 'broken');

/** The report's problems as printed, paths relative to `dir`. */
async function problems(dir: string): Promise<string[]> {
  return (await validateContent(dir)).problems.map((p) => formatProblem(p, dir));
}

/** A scratch copy of the fixture content, edited by `edit`. */
function editedCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-validate-'));
  for (const folder of ['journeys', 'catalog', 'stores', 'templates'])
    fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(dir, folder), { recursive: true });
  edit(dir);
  return dir;
}
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

it('finds nothing wrong in the shipped content', async () => {
  const report = await validateContent(REPO_ROOT);
  expect(report.problems.map((p) => formatProblem(p, REPO_ROOT))).toEqual([]);
  expect(report.counts).toEqual({ journeys: 2, products: 10, stores: 1, templates: 14 });
});

it('reports every problem of the broken fixture at its file and line', async () => {
  expect(await problems(BROKEN)).toEqual([
    'journeys/bad-duration.yaml:9: steps[thanks].at.after: must be a duration such as "0", "12h", "3d", "2w" or "-5d"',
    'journeys/references.yaml:6: warning: trigger.filters.skus.1: SKU "GHOST-SKU" is not in the catalog (catalog/products.yaml)',
    'journeys/references.yaml:9: steps[thanks].template: no template "thank-you" (templates/messages/thank-you/ does not exist)',
    'journeys/references.yaml:14: steps[follow-up].at.after: "-1d" counts back from the previous step, which has already happened when the journey ' +
      'learns of it, so the message would go out at once; a negative "after" needs plusItemOffset: true (it then counts back from the ' +
      "item's own offset, e.g. the end of its supply)",
    'journeys/references.yaml:21: steps[never].when: the step can never send: "delivered is true and delivered is false" never holds',
    'stores/default.yaml: postalAddress: missing. Journeys send marketing (references (broken)), and the law wants the sender\'s postal address in every marketing email: add postalAddress: { en: "…", ja: "…" }',
    "templates/messages/broken-mjml/en.mjml:6: MJML: Element mj-colum doesn't exist or is not registered",
    'templates/messages/no-ja/ja.mjml: missing: store "default" sells in ja (stores/default.yaml)',
    'templates/messages/no-ja/ja.txt: missing: store "default" sells in ja (stores/default.yaml)',
    'templates/messages/thanks/en.mjml:2: product.nmae: product has no "nmae" (it has sku, known, name, url, imageUrl, quantity, benefits, howTo, supplyDays, buildsResults, reviewUrl, ownedSince, results, extra)',
    'templates/messages/thanks/en.mjml:7: customer.email: customer has no "email" (it has firstName, lastName, since, orderCount)',
    'templates/messages/thanks/en.txt: customer.email: customer has no "email" (it has firstName, lastName, since, orderCount) (plain-text part, line 3 with partials included)',
    // Included by every template and locale, reported once.
    'templates/partials/footer.mjml:3: store.phone: store has no "phone" (it has name, url, supportEmail, referralUrl, postalAddress, vipBenefits)',
  ]);
});

it('reports cross-sell and upsell SKUs missing from the catalog at their line', async () => {
  let line = 0;
  const dir = editedCopy((d) => {
    const file = path.join(d, 'catalog', 'products.yaml');
    const text = fs.readFileSync(file, 'utf8').replace('upsell: [VC-SERUM-90]', 'upsell: [VC-SERUM-900]');
    fs.writeFileSync(file, text);
    line = text.split('\n').findIndex((l) => l.includes('VC-SERUM-900')) + 1;
  });
  scratch.push(dir);
  const [problem, ...others] = await problems(dir);
  expect(problem).toBe(`catalog/products.yaml:${line}: products[VC-SERUM-30].upsell.0: unknown sku "VC-SERUM-900"`);
  // Without a catalog, SKU references cannot be checked; everything else still is.
  expect(others).toEqual([]);
});

it('reports a misspelt win-back reason in a reaction at its line, naming the choices', async () => {
  let line = 0;
  const dir = editedCopy((d) => {
    const file = path.join(d, 'journeys', 'post-purchase.yaml');
    const text = fs.readFileSync(file, 'utf8').replace('anyOf: [still-have-some]', 'anyOf: [still-has-some]');
    fs.writeFileSync(file, text);
    line = text.split('\n').findIndex((l) => l.includes('still-has-some')) + 1;
  });
  scratch.push(dir);
  expect(line).toBeGreaterThan(0);
  expect(await problems(dir)).toEqual([
    `journeys/post-purchase.yaml:${line}: onAnswer.2.when.anyOf.0: "still-has-some" is not a win-back answer ` +
      '(one of still-have-some, didnt-work, too-expensive, bought-elsewhere, something-else)',
  ]);
});

it('reports a Handlebars syntax error in a partial once, at its line', async () => {
  const dir = editedCopy((d) => {
    const file = path.join(d, 'templates', 'partials', 'signoff.en.mjml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{{store.name}}', '{{store.name}'));
  });
  scratch.push(dir);
  expect(await problems(dir)).toEqual([
    'templates/partials/signoff.en.mjml:4: Handlebars syntax error near "...team at {{store.name}</p>    </mj-text>": unexpected INVALID',
  ]);
});

it('reports missing content folders instead of failing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-empty-'));
  scratch.push(dir);
  expect(await problems(dir)).toEqual([
    'catalog/products.yaml: missing',
    'journeys: missing',
    'stores: missing',
    'templates/messages: missing',
  ]);
});
