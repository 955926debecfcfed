import { nextCapSlot } from '../../rules/frequencyCap';

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
});
