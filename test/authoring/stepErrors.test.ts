import { JourneyDefinition } from '../../definitions/journeySchema';
import { Catalog } from '../../definitions/catalogSchema';
import { DefinitionError, parseYaml } from '../../definitions/loadYaml';

/** Issue #21: a mistake inside a step names the step, the field, the value and what to write instead. */
const journey = (step: string) => `id: tips
name: Tips
trigger: { event: order.placed }
steps:
  - id: welcome
    template: reassurance
    category: service
  - id: cross-sell
    template: cross-sell
${step}
`;
const problemsOf = (text: string, schema: typeof JourneyDefinition | typeof Catalog = JourneyDefinition) => {
  try {
    parseYaml(text, 'journeys/tips.yaml', schema);
  } catch (err) {
    if (err instanceof DefinitionError) return err.message.split('\n');
    throw err;
  }
  return [];
};

it.each([
  [
    'a capitalised category',
    '    category: Service',
    'journeys/tips.yaml:10:15: steps[cross-sell].category: "Service" is not one of service, marketing (did you mean "service"?)',
  ],
  [
    'a plural forEach',
    '    category: service\n    forEach: products',
    'steps[cross-sell].forEach: "products" is not one of order, product, milestone (did you mean "product"?)',
  ],
  [
    'an anchor that does not exist',
    '    category: service\n    at: { from: delivered, after: 1d }',
    'steps[cross-sell].at.from: "delivered" is not one of order, delivery, previous, answer (did you mean "delivery"?)',
  ],
  [
    'a lower-case recommend',
    '    category: marketing\n    recommend: crosssell',
    'steps[cross-sell].recommend: "crosssell" is not one of none, crossSell, upsell (did you mean "crossSell"?)',
  ],
  [
    'a misspelt fact',
    '    category: service\n    when: { fact: reviewd, is: false }',
    'steps[cross-sell].when.fact: "reviewd" is not one of firstOrder, repurchasedSince, reviewed, delivered, vip, acceptsMarketing (did you mean "reviewed"?)',
  ],
  [
    'a word no near miss explains',
    '    category: newsletter',
    'steps[cross-sell].category: "newsletter" is not one of service, marketing',
  ],
])('%s', (_, step, expected) => {
  const problems = problemsOf(journey(step));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(expected);
  if (!expected.includes('did you mean')) expect(problems[0]).not.toContain('did you mean');
});

it('a wait step with a typo is reported as a wait step, not as a message step missing its template', () => {
  const problems = problemsOf(
    journey('    category: service\n  - id: await\n    waitFor: { event: order.delivered, timeout: ten days }'),
  );
  expect(problems).toEqual([expect.stringContaining('steps[await].waitFor.timeout: must be a duration such as "0"')]);
});

it('a number written as a word says what to write', () => {
  const catalog = `products:
  - sku: SERUM
    category: skincare
    url: https://shop.example.com/serum
    name: { en: Serum }
    benefits: { en: [Glow] }
    howTo: { en: [Apply] }
    milestones:
      - { week: three, title: { en: Smoother }, notice: { en: Smoother skin } }
`;
  expect(problemsOf(catalog, Catalog)).toEqual([
    'journeys/tips.yaml:9:17: products[SERUM].milestones.0.week: "three" must be a number: write 3',
  ]);
});
