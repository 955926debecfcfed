import { checkExpressions, type TemplatePart } from '../../authoring/templateVariables';

/** The issues of `source` as "line: message". */
const check = (source: string, part: TemplatePart = 'text') =>
  checkExpressions(source, part).map((i) => `${i.line}: ${i.message}`);

describe('variables checked against the message context schema', () => {
  it('accepts every kind of path the context provides', () => {
    expect(
      check(
        '{{store.name}} {{order.itemCount}} {{products.length}} {{product.benefits.[0]}} {{this.locale}} {{./timezone}}',
      ),
    ).toEqual([]);
  });

  it('names the missing field and what the object has instead', () => {
    expect(check('Hi\n{{customer.email}}')).toEqual([
      '2: customer.email: customer has no "email" (it has firstName, lastName, since, orderCount)',
    ]);
    expect(check('{{product.nmae}}')).toEqual([
      '1: product.nmae: product has no "nmae" (it has sku, known, name, url, imageUrl, quantity, benefits, howTo, supplyDays, buildsResults, reviewUrl, ownedSince, results, extra)',
    ]);
    expect(check('{{shop}}')[0]).toMatch(
      /^1: shop: the message context has no "shop" \(it has locale, timezone, store, /,
    );
    expect(check('{{product.name.first}}')).toEqual(['1: product.name.first: product.name is text, it has no "first"']);
  });

  it('resolves {{#each}} items, this, ../, @index/@first/@last/@key, @../ and block params', () => {
    const ok =
      '{{#each products as |p i|}}{{name}} {{this.sku}} {{p.url}} {{i}} {{@index}} {{@first}} {{@last}} {{@key}} {{../store.name}}' +
      '{{#each benefits}}{{this}} {{@../index}} {{../name}} {{../../locale}} {{p.name}}{{/each}}{{/each}}';
    expect(check(ok)).toEqual([]);
    expect(check('{{#each products as |p|}}{{p.nmae}}{{nmae}}{{../nmae}}{{/each}}')).toEqual([
      '1: p.nmae: each item of products has no "nmae" (it has sku, known, name, url, imageUrl, quantity, benefits, howTo, supplyDays, buildsResults, reviewUrl, ownedSince, results, extra)',
      '1: nmae: each item of products has no "nmae" (it has sku, known, name, url, imageUrl, quantity, benefits, howTo, supplyDays, buildsResults, reviewUrl, ownedSince, results, extra)',
      expect.stringMatching(/^1: \.\.\/nmae: the message context has no "nmae"/),
    ]);
    expect(check('{{@index}}')).toEqual(['1: @index: there is no @index here (available: @root)']);
    expect(check('{{#each products}}{{{{/each}}')).toHaveLength(1);
    expect(check('{{../store.name}}')).toEqual(['1: ../store.name: ../ climbs above the message context']);
  });

  it('keeps the context inside {{#if}}, as Handlebars 4 does, so ../ skips it', () => {
    expect(
      check('{{#each products}}{{#if known}}{{../store.name}}{{name}}{{/if}}{{else}}{{store.name}}{{/each}}'),
    ).toEqual([]);
  });

  it('follows {{#with}}, @root and Mustache sections', () => {
    expect(
      check('{{#with store as |s|}}{{name}} {{s.url}} {{@root.order.id}}{{/with}}{{#products}}{{sku}}{{/products}}'),
    ).toEqual([]);
    expect(check('{{#with order}}{{email}}{{/with}}')).toEqual([
      '1: email: order has no "email" (it has id, placedAt, total, currency, itemCount)',
    ]);
    expect(check('{{@root.store.phone}}')).toEqual([
      '1: @root.store.phone: store has no "phone" (it has name, url, supportEmail, referralUrl, postalAddress, vipBenefits)',
    ]);
  });

  it('requires an {{#if}} (or {{#with}}) before going into a nullable object, which throws in strict mode', () => {
    expect(check('{{milestone.title}}')).toEqual([
      '1: milestone.title: milestone can be null: use it inside {{#if milestone}}',
    ]);
    expect(check('{{#if milestone}}{{milestone.title}}{{else}}{{product.name}}{{/if}}')).toEqual([]);
    expect(
      check('{{#unless milestone}}x{{else}}{{milestone.week}}{{/unless}}{{#with milestone}}{{notice}}{{/with}}'),
    ).toEqual([]);
    // A null value itself renders as nothing: only going into it fails.
    expect(check('{{product.url}} {{product.imageUrl}}')).toEqual([]);
  });

  it('knows the helpers of rendering/helpers.ts and checks their arguments', () => {
    expect(
      check(
        '{{formatDate order.placedAt "DATE_MED"}} {{formatMoney order.total order.currency}} {{#if (gt products.length 1)}}{{inc 1}}{{/if}}',
      ),
    ).toEqual([]);
    expect(check('{{formatDate order.placed}}')).toEqual([
      '1: order.placed: order has no "placed" (it has id, placedAt, total, currency, itemCount)',
    ]);
    expect(check('{{#if (gt product.qty 1)}}x{{/if}}')).toEqual([
      '1: product.qty: product has no "qty" (it has sku, known, name, url, imageUrl, quantity, benefits, howTo, supplyDays, buildsResults, reviewUrl, ownedSince, results, extra)',
    ]);
    expect(check('{{fomatDate order.placedAt}}')[0]).toMatch(
      /^1: unknown helper "fomatDate" \(helpers: .*formatDate, formatMoney, eq, gt, inc\)$/,
    );
  });

  it('provides @subject and @preheader to the HTML part only', () => {
    expect(check('<title>{{@subject}}</title>{{@preheader}}', 'html')).toEqual([]);
    expect(check('{{@subject}}', 'text')).toEqual(['1: @subject: there is no @subject here (available: @root)']);
  });

  it('reports what would render badly or not at all', () => {
    expect(check('{{{store.name}}}')).toEqual([
      '1: {{{ }}} writes store.name unescaped: use {{ }} so customer text stays escaped',
    ]);
    expect(check('{{product}}')).toEqual(['1: product is an object, not text: write one of its fields']);
    expect(check('{{product.howTo}}')).toEqual([
      '1: product.howTo is a list, not text: write one of its fields inside {{#each}}',
    ]);
    expect(check('{{#each product.name}}x{{/each}}')).toEqual(['1: {{#each}} needs a list, but product.name is text']);
    expect(check('Hi {{> greeting}}')).toEqual(['1: {{> greeting}} is only included when it stands alone on its line']);
  });

  it('reports syntax errors at their line, and nothing else', () => {
    expect(checkExpressions('a\n{{#if product.known}}\n{{nope}}', 'text')).toEqual([
      {
        line: 3,
        message:
          'Handlebars syntax error near "...uct.known}}{{nope}}": the template ends inside a block (a {{/…}} is missing)',
        syntax: true,
      },
    ]);
    expect(check('{{#if a}}\n{{/each}}')).toEqual(["1: Handlebars syntax error: if doesn't match each"]);
  });
});
