import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** One problem of a content file: where (path in the file's data) and what, in a marketer's words. */
export interface SchemaProblem {
  path: Path;
  /** An unknown key is reported at the key itself, not at the map that holds it. */
  atKey: boolean;
  message: string;
}

/**
 * How unlikely it is that a branch of a union is what the author meant: keys it does not know and keys it misses
 * say "wrong kind of thing" (a wait step read as a message step); a wrong value says "right kind, wrong word".
 */
function unlikeliness(issues: Issue[]): number {
  return issues.reduce((sum, issue) => {
    if (issue.code === 'unrecognized_keys') return sum + 10 * issue.keys.length;
    if (issue.code === 'invalid_type' && issue.input === undefined) return sum + 10;
    if (issue.code === 'invalid_union') return sum + Math.min(...issue.errors.map(unlikeliness));
    return sum + 1;
  }, 0);
}

/** A union's issues replaced by those of the branch the author most likely meant, recursively, paths made whole. */
function meantIssues(issues: readonly Issue[], prefix: Path = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ ...issue, path }];
    const best = issue.errors.reduce((a, b) => (unlikeliness(b) < unlikeliness(a) ? b : a));
    return meantIssues(best, path);
  });
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
/** What a YAML author writes for each type zod names. */
const WRITTEN: Record<string, string> = {
  object: 'a map of "key: value" lines',
  array: 'a list',
  string: 'a text',
  number: 'a number',
  boolean: 'true or false',
  int: 'a whole number',
};
const written = (expected: string) => WRITTEN[expected] ?? expected;
const shown = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

/** "did you mean …?" for a near miss (a typo, not a different word). */
export function suggestion(value: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(value, [...known]);
  return distance(value.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function describe(issue: Issue): string {
  if (issue.code === 'invalid_value' && issue.values.every((v) => typeof v === 'string')) {
    const values = issue.values;
    return `${shown(issue.input)} is not one of ${values.join(', ')}${typeof issue.input === 'string' ? suggestion(issue.input, values) : ''}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `missing (give ${written(issue.expected)})`;
    const word = typeof issue.input === 'string' ? NUMBER_WORDS[issue.input.trim().toLowerCase()] : undefined;
    if (issue.expected === 'number' && word !== undefined)
      return `${shown(issue.input)} must be a number: write ${word}`;
    return `must be ${written(issue.expected)}, not ${shown(issue.input)}`;
  }
  return issue.message;
}

/** A zod error as the problems an author fixes, one per line of their file. */
export function schemaProblems(error: z.ZodError): SchemaProblem[] {
  return meantIssues(error.issues).flatMap((issue): SchemaProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key], atKey: true, message: 'unknown key' }))
      : [{ path: issue.path, atKey: false, message: describe(issue) }],
  );
}
