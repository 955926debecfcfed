import fs from 'node:fs';
import path from 'node:path';
import { JourneyDefinition } from './journeySchema';
import { journeyVersion, templateHashes } from './journeyVersion';
import { DefinitionError, loadYaml } from './loadYaml';

export interface LoadedJourney {
  file: string;
  definition: JourneyDefinition;
  version: string;
}

/** Every journeys/*.yaml, validated, each versioned with the templates it sends; all files' errors are reported together. */
export function loadJourneys(contentDir: string): LoadedJourney[] {
  const dir = path.join(contentDir, 'journeys');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const journeys: LoadedJourney[] = [];
  const errors: string[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    try {
      const definition = loadYaml(file, JourneyDefinition);
      journeys.push({ file, definition, version: journeyVersion(definition, templateHashes(contentDir, definition)) });
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      errors.push(err.message);
    }
  }
  const ids = new Map<string, string>();
  for (const j of journeys) {
    const other = ids.get(j.definition.id);
    if (other) errors.push(`${j.file}: journey id "${j.definition.id}" is also used by ${other}`);
    ids.set(j.definition.id, j.file);
  }
  if (errors.length) throw new DefinitionError(errors.join('\n'));
  return journeys;
}
