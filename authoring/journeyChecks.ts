import type { Condition, JourneyDefinition, MessageStep } from '../definitions/journeySchema';
import { suggestion } from '../definitions/schemaProblems';
import { describeCondition } from '../rules/conditions';

/** A problem in a journey that passed its schema, at a path inside the journey (placed on a line by the caller). */
export interface JourneyIssue {
  severity: 'error' | 'warning';
  path: (string | number)[];
  message: string;
}

/** What a journey may refer to: template folders and catalog SKUs (null when the catalog itself is broken). */
export interface KnownNames {
  templates: ReadonlySet<string>;
  skus: ReadonlySet<string> | null;
}

const ANCHOR = {
  order: 'the order',
  delivery: 'the delivery',
  previous: 'the previous step',
  answer: 'the answer',
} as const;

/**
 * What the schema cannot see: references to templates and products, timing that cannot work, steps that can never
 * send. Pure, so every rule is tested on definitions in memory.
 */
export function checkJourney(journey: JourneyDefinition, known: KnownNames): JourneyIssue[] {
  const issues: JourneyIssue[] = [];
  // An unknown SKU in a filter or condition is legal (the order may contain it) but usually a typo.
  const unknownSku = (sku: string, path: (string | number)[]) => {
    if (known.skus && !known.skus.has(sku))
      issues.push({ severity: 'warning', path, message: `SKU "${sku}" is not in the catalog (catalog/products.yaml)` });
  };
  journey.trigger.filters.skus?.forEach((sku, j) => unknownSku(sku, ['trigger', 'filters', 'skus', j]));

  journey.steps.forEach((step, i) => {
    if (!('template' in step)) return;
    const at = (...rest: (string | number)[]) => ['steps', i, ...rest];
    if (!known.templates.has(step.template))
      issues.push({
        severity: 'error',
        path: at('template'),
        message: `no template "${step.template}" (templates/messages/${step.template}/ does not exist)${suggestion(step.template, [...known.templates])}`,
      });
    if (negativeWithoutOffset(step))
      issues.push({
        severity: 'error',
        path: at('at', 'after'),
        message: `"${step.at.after}" counts back from ${ANCHOR[step.at.from]}, which has already happened when the journey learns of it, so the message would go out at once; a negative "after" needs plusItemOffset: true (it then counts back from the item's own offset, e.g. the end of its supply)`,
      });
    if (step.when) {
      if (neverHolds(step.when))
        issues.push({
          severity: 'error',
          path: at('when'),
          message: `the step can never send: "${describeCondition(step.when)}" never holds`,
        });
      skuConditions(step.when).forEach((sku) => unknownSku(sku, at('when')));
    }
  });
  return issues;
}

/** "-5d" after the order, the delivery or the previous step lies before an instant the journey only learns at that instant. */
function negativeWithoutOffset(step: MessageStep): boolean {
  return step.at.after.startsWith('-') && !step.at.plusItemOffset;
}

type Literal = { fact: string; is: boolean } | { fact: string; gte?: number; lt?: number };

/**
 * Whether a condition is false for every customer, by simple reasoning only: within one `all` (nested `all`s and
 * `not` of a true/false fact included), the same fact required both true and false, or number bounds that leave no
 * value (facts are never negative, so `lt: 0` is empty too), a first order with a bound on daysSinceBought (it has no
 * earlier purchase); an `any` whose every branch never holds. Anything else
 * (product tags, SKUs, `not` around a group) is assumed satisfiable.
 */
export function neverHolds(condition: Condition): boolean {
  if ('any' in condition) return condition.any.every(neverHolds);
  if ('all' in condition) return condition.all.some(neverHolds) || contradictory(condition.all.flatMap(literals));
  return contradictory(literals(condition));
}

/** The facts an `all` requires: booleans and number bounds, `not` flipping a boolean. */
function literals(condition: Condition): Literal[] {
  if ('all' in condition) return condition.all.flatMap(literals);
  if ('not' in condition && 'is' in condition.not) return [{ ...condition.not, is: !condition.not.is }];
  if ('not' in condition || 'any' in condition || 'anyOf' in condition) return [];
  return [condition];
}

function contradictory(required: Literal[]): boolean {
  const booleans = new Map<string, boolean>();
  const bounds = new Map<string, { min: number; below: number }>();
  for (const c of required) {
    if ('is' in c) {
      if (booleans.get(c.fact) === !c.is) return true;
      booleans.set(c.fact, c.is);
      continue;
    }
    const b = bounds.get(c.fact) ?? { min: 0, below: Infinity };
    bounds.set(c.fact, { min: Math.max(b.min, c.gte ?? 0), below: Math.min(b.below, c.lt ?? Infinity) });
  }
  // A bound on daysSinceBought needs an earlier purchase, which a first order never has.
  if (bounds.has('daysSinceBought') && booleans.get('firstOrder') === true) return true;
  return [...bounds.values()].some((b) => b.min >= b.below);
}

function skuConditions(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(skuConditions);
  if ('any' in condition) return condition.any.flatMap(skuConditions);
  if ('not' in condition) return skuConditions(condition.not);
  return condition.fact === 'sku' && 'anyOf' in condition ? condition.anyOf : [];
}
