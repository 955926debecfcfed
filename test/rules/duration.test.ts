import { addDuration } from '../../rules/duration';

describe('durations (addDuration)', () => {
  const T = Date.parse('2026-03-07T19:00:00Z'); // 14:00 in New York, the day before spring-forward
  it.each([
    ['minutes are elapsed time', '90m', T + 90 * 60_000],
    ['hours are elapsed time, across the DST change', '24h', T + 24 * 3_600_000],
    ['days keep the local clock across the DST change', '1d', Date.parse('2026-03-08T18:00:00Z')],
    ['weeks are seven calendar days', '1w', Date.parse('2026-03-14T18:00:00Z')],
    ['fractions of an hour', '1.5h', T + 90 * 60_000],
    ['fractions with more than one decimal', '0.25h', T + 15 * 60_000],
    ['a negative amount goes back', '-2h', T - 2 * 3_600_000],
    ['zero is no time', '0', T],
  ])('%s: %s', (_name, duration, expected) => {
    expect(addDuration(T, duration, 'America/New_York')).toBe(expected);
  });

  it.each(['', '3', '3x', '3 d', 'd', '3dd', 'x3d'])('refuses %j, naming it', (duration) => {
    expect(() => addDuration(T, duration, 'UTC')).toThrow(`not a duration: "${duration}"`);
  });
});
