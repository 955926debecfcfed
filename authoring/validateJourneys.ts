import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { JourneyDefinition } from '../definitions/journeySchema';
import YAML from 'yaml';
import { DefinitionError, displayPath, parseYaml } from '../definitions/loadYaml';
import { checkJourney, type KnownNames } from './journeyChecks';
import { type Problem, problemsFromMessage } from './problems';

/**
 * Every journeys/*.yaml: schema errors as the worker reports them, then the checks of journeyChecks.ts on each file
 * that passed its schema (one broken file does not hide the others' problems).
 */
export function validateJourneys(
  contentDir: string,
  known: KnownNames,
): { problems: Problem[]; journeys: number; marketing: string[] } {
  const dir = path.join(contentDir, 'journeys');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  const problems: Problem[] = [];
  const ids = new Map<string, string>();
  /** "post-purchase (cross-sell)": journeys with marketing steps, which oblige every store to a postal address. */
  const marketing: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    let journey: JourneyDefinition;
    try {
      journey = parseYaml(text, file, JourneyDefinition);
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      problems.push(...problemsFromMessage(err.message, file));
      continue;
    }
    const marketingSteps = journey.steps.filter((s) => 'category' in s && s.category === 'marketing').map((s) => s.id);
    if (marketingSteps.length) marketing.push(`${journey.id} (${marketingSteps.join(', ')})`);
    const issues = checkJourney(journey, known);
    const other = ids.get(journey.id);
    if (other)
      issues.push({
        severity: 'error',
        path: ['id'],
        message: `journey id "${journey.id}" is also used by ${path.basename(other)}`,
      });
    ids.set(journey.id, file);
    const lines = linesOf(
      file,
      text,
      issues.map((i) => i.path),
    );
    const data: unknown = YAML.parse(text);
    issues.forEach((issue, k) =>
      problems.push({
        severity: issue.severity,
        file,
        line: lines[k],
        message: `${displayPath(data, issue.path)}: ${issue.message}`,
      }),
    );
  }
  return { problems, journeys: files.length, marketing };
}

/**
 * The line of each path in the YAML `text`, found by the very code that places schema errors (loadYaml), so a
 * reference problem points where a schema error at the same key would.
 */
function linesOf(file: string, text: string, paths: (string | number)[][]): (number | undefined)[] {
  const marker = z
    .unknown()
    .superRefine((_, ctx) => paths.forEach((p) => ctx.addIssue({ code: 'custom', path: p, message: 'here' })));
  try {
    parseYaml(text, file, marker);
    return []; // no paths, no issues
  } catch (err) {
    if (!(err instanceof DefinitionError)) throw err;
    return problemsFromMessage(err.message, file).map((p) => p.line);
  }
}
