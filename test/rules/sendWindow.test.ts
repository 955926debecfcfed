import { describeWindow, nextWindowOpening, openingOffset } from '../../rules/sendWindow';

const window = { start: '09:00', end: '20:00' };
const next = (iso: string, zone: string, w = window) =>
  new Date(nextWindowOpening(Date.parse(iso), w, zone)).toISOString();

describe('send windows in the customer time zone', () => {
  it('sends at once inside the window', () => {
    expect(next('2026-06-10T05:00:00Z', 'Asia/Tokyo')).toBe('2026-06-10T05:00:00.000Z'); // 14:00 JST
  });

  it('defers an early-morning message to the opening the same day, a late one to the next morning', () => {
    expect(next('2026-06-09T18:30:00Z', 'Asia/Tokyo')).toBe('2026-06-10T00:00:00.000Z'); // 03:30 JST → 09:00 JST
    expect(next('2026-06-10T11:00:00Z', 'Asia/Tokyo')).toBe('2026-06-11T00:00:00.000Z'); // 20:00 JST is closed
  });

  it('opens at 09:00 local on the spring-forward day in New York (8 March 2026)', () => {
    // 03:30 EDT (07:30Z) on the short night → 09:00 EDT = 13:00Z.
    expect(next('2026-03-08T07:30:00Z', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    // 22:00 EST on the 7th → 09:00 EDT on the 8th.
    expect(next('2026-03-08T03:00:00Z', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
  });

  it('opens at 09:00 local on the fall-back day in New York (1 November 2026)', () => {
    // 01:30 EDT, before the repeated hour → 09:00 EST = 14:00Z.
    expect(next('2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-11-01T14:00:00.000Z');
  });

  it('opens at 09:00 local across Berlin spring-forward (29 March 2026) and fall-back (25 October 2026)', () => {
    expect(next('2026-03-28T21:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z'); // 22:00 CET → 09:00 CEST
    expect(next('2026-10-24T20:00:00Z', 'Europe/Berlin')).toBe('2026-10-25T08:00:00.000Z'); // 22:00 CEST → 09:00 CET
  });

  it('treats a window that crosses midnight as one window', () => {
    const night = { start: '22:00', end: '02:00' };
    expect(next('2026-06-10T14:00:00Z', 'Asia/Tokyo', night)).toBe('2026-06-10T14:00:00.000Z'); // 23:00 JST
    expect(next('2026-06-10T16:30:00Z', 'Asia/Tokyo', night)).toBe('2026-06-10T16:30:00.000Z'); // 01:30 JST
    expect(next('2026-06-10T03:00:00Z', 'Asia/Tokyo', night)).toBe('2026-06-10T13:00:00.000Z'); // 12:00 → 22:00 JST
  });

  it.each([
    ['exactly at the opening (09:00 JST)', '2026-06-10T00:00:00Z', window, '2026-06-10T00:00:00.000Z'],
    ['a minute before the opening (08:59 JST)', '2026-06-09T23:59:00Z', window, '2026-06-10T00:00:00.000Z'],
    ['a minute before the closing (19:59 JST)', '2026-06-10T10:59:00Z', window, '2026-06-10T10:59:00.000Z'],
    ['exactly at the closing (20:00 JST)', '2026-06-10T11:00:00Z', window, '2026-06-11T00:00:00.000Z'],
    [
      'across midnight, exactly at the opening (22:00 JST)',
      '2026-06-10T13:00:00Z',
      { start: '22:00', end: '02:00' },
      '2026-06-10T13:00:00.000Z',
    ],
    [
      'across midnight, a minute before the opening (21:59 JST)',
      '2026-06-10T12:59:00Z',
      { start: '22:00', end: '02:00' },
      '2026-06-10T13:00:00.000Z',
    ],
    [
      'across midnight, a minute before the closing (01:59 JST)',
      '2026-06-10T16:59:00Z',
      { start: '22:00', end: '02:00' },
      '2026-06-10T16:59:00.000Z',
    ],
    [
      'across midnight, exactly at the closing (02:00 JST)',
      '2026-06-10T17:00:00Z',
      { start: '22:00', end: '02:00' },
      '2026-06-11T13:00:00.000Z',
    ],
    [
      'a window with minutes, exactly at 08:30 JST',
      '2026-06-09T23:30:00Z',
      { start: '08:30', end: '17:45' },
      '2026-06-09T23:30:00.000Z',
    ],
    [
      'a window with minutes, at 17:45 JST',
      '2026-06-10T08:45:00Z',
      { start: '08:30', end: '17:45' },
      '2026-06-10T23:30:00.000Z',
    ],
  ])('at the boundaries: %s', (_name, at, w, expected) => {
    expect(next(at, 'Asia/Tokyo', w)).toBe(expected);
  });

  it('names the window and its zone for reasons', () => {
    expect(describeWindow(window, 'Asia/Tokyo')).toBe('09:00-20:00 Asia/Tokyo');
  });
});

describe("the spread of the window's opening", () => {
  const MIN = 60_000;
  const at = (iso: string, offsetMs: number, w = window) =>
    new Date(nextWindowOpening(Date.parse(iso), w, 'Asia/Tokyo', offsetMs)).toISOString();

  it.each([
    [
      'a message held overnight goes at the opening plus the offset',
      '2026-06-09T18:30:00Z',
      window,
      17 * MIN,
      '2026-06-10T00:17:00.000Z',
    ],
    [
      'one due after the closing goes the next morning plus the offset',
      '2026-06-10T11:00:00Z',
      window,
      17 * MIN,
      '2026-06-11T00:17:00.000Z',
    ],
    [
      'one due inside the window goes when due, not moved by the offset',
      '2026-06-10T00:05:00Z',
      window,
      17 * MIN,
      '2026-06-10T00:05:00.000Z',
    ],
    [
      'exactly at the opening is inside the window',
      '2026-06-10T00:00:00Z',
      window,
      17 * MIN,
      '2026-06-10T00:00:00.000Z',
    ],
    [
      'an offset as long as the window wraps to the opening (never at or after the closing)',
      '2026-06-09T18:30:00Z',
      { start: '09:00', end: '09:10' },
      10 * MIN,
      '2026-06-10T00:00:00.000Z',
    ],
    [
      'an offset longer than a 10-minute window wraps inside it',
      '2026-06-09T18:30:00Z',
      { start: '09:00', end: '09:10' },
      15 * MIN,
      '2026-06-10T00:05:00.000Z',
    ],
    [
      'across midnight, the window is 4 hours long (22:00-02:00)',
      '2026-06-10T03:00:00Z',
      { start: '22:00', end: '02:00' },
      5 * 60 * MIN,
      '2026-06-10T14:00:00.000Z',
    ],
  ])('%s', (_name, due, w, offsetMs, expected) => {
    expect(at(due, offsetMs, w)).toBe(expected);
  });

  it('gives each customer a fixed moment in whole seconds below the spread, and none without a spread', () => {
    expect(openingOffset('c-42', 30)).toBe(openingOffset('c-42', 30));
    expect(openingOffset('c-42', 0)).toBe(0);
    const offsets = Array.from({ length: 2_000 }, (_, i) => openingOffset(`customer-${i}`, 30));
    expect(offsets.every((ms) => ms >= 0 && ms < 30 * MIN && ms % 1_000 === 0)).toBe(true);
    // A ramp, not a cliff: every minute of the 30 gets some of the 2,000 customers, none gets a tenth of them.
    const perMinute = new Map<number, number>();
    for (const ms of offsets) perMinute.set(Math.floor(ms / MIN), (perMinute.get(Math.floor(ms / MIN)) ?? 0) + 1);
    expect(perMinute.size).toBe(30);
    expect(Math.max(...perMinute.values())).toBeLessThan(200);
  });

  it("keeps each customer's moment from one version to the next (running journeys' timers were set by it)", () => {
    // FNV-1a of the id, in seconds below 30 minutes: c-42 at 2:19, customer-1 at 23:43 after the opening.
    expect(openingOffset('c-42', 30)).toBe(139_000);
    expect(openingOffset('customer-1', 30)).toBe(1_423_000);
  });

  it('spreads customers whose ids differ by one character', () => {
    expect(new Set(['c-1', 'c-2', 'c-3', 'c-4'].map((id) => openingOffset(id, 30))).size).toBe(4);
  });
});
