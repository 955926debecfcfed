import { type Content, loadContent } from '../../definitions/content';
import type { JourneyDefinition, Step } from '../../definitions/journeySchema';
import { journeyVersion } from '../../definitions/journeyVersion';
import { parseDuration } from '../../rules/duration';

/** How long a journey day lasts while recording: the dev server runs on the real clock. */
export const RECORDED_DAY_MS = 5_000;

const UNIT_DAYS = { m: 1 / 1440, h: 1 / 24, d: 1, w: 7 } as const;

/** A wait of the shipped journeys in recorded time: "10d" → 50 s, "2h" → 0.4 s, as elapsed minutes. */
export function recordedDuration(duration: string): string {
  const { amount, unit } = parseDuration(duration);
  if (amount === 0) return duration;
  const ms = amount * UNIT_DAYS[unit] * RECORDED_DAY_MS;
  return `${Number((ms / 60_000).toFixed(4))}m`;
}

/** The journey with its waits in recorded time; expiries and the catalog's offsets (milestone weeks) stay as they are. */
function withRecordedWaits(definition: JourneyDefinition): JourneyDefinition {
  const step = (s: Step): Step =>
    'waitFor' in s
      ? { ...s, waitFor: { ...s.waitFor, timeout: recordedDuration(s.waitFor.timeout) } }
      : { ...s, at: { ...s.at, after: recordedDuration(s.at.after) } };
  return { ...definition, steps: definition.steps.map(step) };
}

/**
 * The shipped content (journeys, catalog, stores) with every journey's waits in recorded time, so that timers fire
 * within seconds. `edit` changes a journey definition first, the way a marketer's edit would (a new version).
 */
export function fastContent(
  contentDir: string,
  edit: (definition: JourneyDefinition) => JourneyDefinition = (d) => d,
): Content {
  const content = loadContent(contentDir);
  const journeys = content.journeys.map((journey) => {
    const definition = withRecordedWaits(edit(journey.definition));
    return { ...journey, definition, version: journeyVersion(definition) };
  });
  return { ...content, journeys };
}
