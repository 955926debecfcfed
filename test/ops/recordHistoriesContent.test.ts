import { loadContent } from '../../definitions/content';
import { fastContent, recordedDuration } from '../../scripts/recordHistories/fastContent';
import { laterCrossSell } from '../../scripts/recordHistories/migration';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/** The content the history recorder runs journeys with: the given one (the shipped one, there), with waits in seconds. */
it('turns journey waits into elapsed minutes at 5 s per day', () => {
  expect(recordedDuration('10d')).toBe('0.8333m'); // 50 s
  expect(recordedDuration('2h')).toBe('0.0069m'); // 0.4 s
  expect(recordedDuration('-5d')).toBe('-0.4167m');
  expect(recordedDuration('3w')).toBe('1.75m');
  expect(recordedDuration('0')).toBe('0');
});

it('keeps the journeys, catalog and stores apart from the waits, and an edit makes a new version', () => {
  const given = loadContent(FIXTURE_CONTENT_DIR);
  const fast = fastContent(FIXTURE_CONTENT_DIR);
  expect(fast.products).toEqual(given.products);
  expect(fast.stores).toEqual(given.stores);
  const journey = fast.journeys.find((j) => j.definition.id === 'post-purchase')!;
  const givenJourney = given.journeys.find((j) => j.definition.id === 'post-purchase')!;
  expect(journey.definition.steps.map((s) => s.id)).toEqual(givenJourney.definition.steps.map((s) => s.id));
  expect(journey.definition.steps.find((s) => s.id === 'await-delivery')).toMatchObject({
    waitFor: { timeout: '0.8333m' },
  });
  const edited = fastContent(FIXTURE_CONTENT_DIR, laterCrossSell).journeys.find(
    (j) => j.definition.id === 'post-purchase',
  )!;
  expect(edited.version).not.toBe(journey.version);
  expect(edited.definition.steps.find((s) => s.id === 'cross-sell')).toMatchObject({ at: { after: '1m' } });
});
