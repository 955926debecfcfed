import { describeCaps, nextCapSlot } from '../../rules/frequencyCap';

const H = 3_600_000;
const caps = { minHoursBetween: 20, maxPerWeek: 3 };

describe('marketing frequency caps', () => {
  it('allows the first message at once', () => {
    expect(nextCapSlot([], 1_000, caps)).toBe(1_000);
  });

  it('keeps 20 hours between two marketing messages', () => {
    expect(nextCapSlot([0], 5 * H, caps)).toBe(20 * H);
    expect(nextCapSlot([0], 21 * H, caps)).toBe(21 * H);
  });

  it('allows three per 7 days: the fourth waits until the oldest of the three is a week old', () => {
    const sent = [0, 24 * H, 48 * H];
    expect(nextCapSlot(sent, 72 * H, caps)).toBe(168 * H);
    expect(nextCapSlot(sent, 170 * H, caps)).toBe(170 * H);
  });

  it('follows the store setting', () => {
    expect(nextCapSlot([0], 2 * H, { minHoursBetween: 1, maxPerWeek: 10 })).toBe(2 * H);
    expect(nextCapSlot([0], 2 * H, { minHoursBetween: 1, maxPerWeek: 1 })).toBe(168 * H);
  });

  it.each([
    ['exactly 20 hours after the last one', [0], 20 * H, 20 * H],
    ['a millisecond short of 20 hours', [0], 20 * H - 1, 20 * H],
    ['the newest counts, whatever order the sends are listed in', [24 * H, 0], 30 * H, 44 * H],
    ['two of three in the week: no weekly wait', [0, 24 * H], 48 * H, 48 * H],
    ['three of three, exactly a week after the oldest of them', [0, 24 * H, 48 * H], 168 * H, 168 * H],
    ['four sent: the third newest sets the week, not the oldest', [-H, 0, 24 * H, 48 * H], 72 * H, 168 * H],
  ])('at the boundaries (1 per 20h, 3 per week): %s', (_name, sent, at, expected) => {
    expect(nextCapSlot(sent, at, caps)).toBe(expected);
  });

  it('names the caps for reasons', () => {
    expect(describeCaps(caps)).toBe('at most 1 per 20h and 3 per 7 days');
  });
});
