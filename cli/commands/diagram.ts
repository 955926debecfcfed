import type { Command } from 'commander';
import { journeyDiagram } from '../../authoring/diagram';
import { loadJourneys } from '../../definitions/loadJourneys';
import { addDirOption, contentDir } from '../options';

export function registerDiagram(program: Command): void {
  addDirOption(
    program
      .command('diagram')
      .description('print a Mermaid flowchart of a journey (paste it into a ```mermaid block)')
      .argument('[journeyId]', 'the journey, when there is more than one'),
  ).action((journeyId: string | undefined, flags: { dir?: string }) => {
    const journeys = loadJourneys(contentDir(flags.dir));
    const ids = journeys.map((j) => j.definition.id).join(', ');
    const chosen = journeyId
      ? journeys.find((j) => j.definition.id === journeyId)
      : journeys.length === 1
        ? journeys[0]
        : undefined;
    if (!chosen)
      throw new Error(journeyId ? `no journey "${journeyId}" (journeys: ${ids})` : `name one of the journeys: ${ids}`);
    process.stdout.write(journeyDiagram(chosen.definition));
  });
}
