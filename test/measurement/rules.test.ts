import { attributeOrder, type Touch } from '../../measurement/attribution';
import { machineClickReason } from '../../measurement/botClicks';
import { holdoutPosition, inHoldout } from '../../measurement/holdout';
import { meanDifference, median, type Moments, proportionDifference } from '../../measurement/statistics';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 10, 12);
const touch = (messageKey: string, daysBefore: number, stepId = messageKey): Touch => ({
  messageKey,
  journeyId: 'post-purchase',
  stepId,
  at: T0 - daysBefore * DAY,
});

describe('attribution: the last message clicked (and received) within the window before the order', () => {
  test.each([
    { name: 'no touches', clicks: [], received: [], byClick: undefined, byReceipt: undefined },
    {
      name: 'the last click wins',
      clicks: [touch('a', 3), touch('b', 1)],
      received: [],
      byClick: 'b',
      byReceipt: undefined,
    },
    {
      name: 'order of the list does not matter',
      clicks: [touch('b', 1), touch('a', 3)],
      received: [],
      byClick: 'b',
      byReceipt: undefined,
    },
    {
      name: 'a click older than the window is not credited',
      clicks: [touch('a', 5.01)],
      received: [],
      byClick: undefined,
      byReceipt: undefined,
    },
    {
      name: 'exactly at the window edge counts',
      clicks: [touch('a', 5)],
      received: [],
      byClick: 'a',
      byReceipt: undefined,
    },
    {
      name: 'a click after the order is not credited',
      clicks: [touch('late', -0.1), touch('a', 2)],
      received: [],
      byClick: 'a',
      byReceipt: undefined,
    },
    {
      name: 'received and clicked can differ',
      clicks: [touch('a', 4)],
      received: [touch('a', 4.5), touch('b', 1)],
      byClick: 'a',
      byReceipt: 'b',
    },
    { name: 'received only', clicks: [], received: [touch('c', 2)], byClick: undefined, byReceipt: 'c' },
  ])('$name', ({ clicks, received, byClick, byReceipt }) => {
    const result = attributeOrder(T0, clicks, received, 5 * DAY);
    expect(result.byClick?.messageKey).toBe(byClick);
    expect(result.byReceipt?.messageKey).toBe(byReceipt);
  });
});

describe('machine clicks', () => {
  const browser =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
  const base = {
    method: 'GET',
    userAgent: browser,
    sentAt: T0 - 3_600_000,
    at: T0,
    otherLinksClickedAt: [] as number[],
  };
  test.each([
    { name: 'a person in a browser an hour later', click: base, reason: undefined },
    { name: 'HEAD request', click: { ...base, method: 'HEAD' }, reason: 'head-request' },
    { name: 'no user agent', click: { ...base, userAgent: undefined }, reason: 'no-user-agent' },
    {
      name: 'Microsoft Safe Links',
      click: { ...base, userAgent: 'Mozilla/5.0 (compatible; SafeLinks)' },
      reason: 'scanner-agent',
    },
    {
      name: 'Proofpoint URL defense',
      click: { ...base, userAgent: 'Proofpoint URL Defense' },
      reason: 'scanner-agent',
    },
    { name: 'curl', click: { ...base, userAgent: 'curl/8.5.0' }, reason: 'scanner-agent' },
    {
      name: 'Google link preview bot',
      click: { ...base, userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)' },
      reason: 'scanner-agent',
    },
    { name: 'three seconds after the send', click: { ...base, sentAt: T0 - 3_000 }, reason: 'too-soon-after-send' },
    { name: 'eleven seconds after the send', click: { ...base, sentAt: T0 - 11_000 }, reason: undefined },
    {
      name: 'another link of the message a second before',
      click: { ...base, otherLinksClickedAt: [T0 - 1_000] },
      reason: 'burst-of-links',
    },
    {
      name: 'another link a minute before (a person browsing)',
      click: { ...base, otherLinksClickedAt: [T0 - 60_000] },
      reason: undefined,
    },
    { name: 'send time unknown', click: { ...base, sentAt: undefined }, reason: undefined },
  ])('$name', ({ click, reason }) => expect(machineClickReason(click)).toBe(reason));
});

describe('holdout assignment', () => {
  test('stable, and close to its share over 100,000 customers', () => {
    let held = 0;
    for (let i = 0; i < 100_000; i++) if (inHoldout('shop', `c-${i}`, 'post-purchase', 0.1)) held++;
    // Binomial(100000, 0.1): sd ≈ 95; six sd either side.
    expect(held).toBeGreaterThan(10_000 - 570);
    expect(held).toBeLessThan(10_000 + 570);
    expect(inHoldout('shop', 'c-42', 'post-purchase', 0.1)).toBe(inHoldout('shop', 'c-42', 'post-purchase', 0.1));
  });

  test('independent between journeys and stores; 0% holds nobody out', () => {
    let both = 0;
    for (let i = 0; i < 20_000; i++)
      if (inHoldout('shop', `c-${i}`, 'post-purchase', 0.1) && inHoldout('shop', `c-${i}`, 'win-back', 0.1)) both++;
    // Independent 10% groups overlap in about 1% of customers, not 10%.
    expect(both).toBeGreaterThan(100);
    expect(both).toBeLessThan(320);
    expect(holdoutPosition('a', 'c-1', 'j')).not.toBe(holdoutPosition('b', 'c-1', 'j'));
    for (let i = 0; i < 1_000; i++) expect(inHoldout('shop', `c-${i}`, 'post-purchase', 0)).toBe(false);
  });
});

describe('statistics (values worked out by hand from the textbook formulas)', () => {
  test('two proportions: 30/100 vs 20/100', () => {
    const d = proportionDifference(30, 100, 20, 100)!;
    expect(d.difference).toBeCloseTo(0.1, 10);
    expect(d.low).toBeCloseTo(-0.01922, 5);
    expect(d.high).toBeCloseTo(0.21922, 5);
  });

  test('two proportions: an empty group gives no difference', () =>
    expect(proportionDifference(1, 0, 2, 10)).toBeUndefined());

  const moments = (values: number[]): Moments => ({
    n: values.length,
    sum: values.reduce((s, v) => s + v, 0),
    sumSquares: values.reduce((s, v) => s + v * v, 0),
  });

  test('Welch: 1..5 against 3..7 (8 degrees of freedom)', () => {
    const d = meanDifference(moments([1, 2, 3, 4, 5]), moments([3, 4, 5, 6, 7]))!;
    expect(d.difference).toBe(-2);
    expect(d.low).toBeCloseTo(-4.306004, 5);
    expect(d.high).toBeCloseTo(0.306004, 5);
  });

  test('Welch: unequal variances (1..5 against 2,4,…,12)', () => {
    // By hand: se = √(2.5/5 + 14/6) = 1.683251, Welch–Satterthwaite df = 6.9723, t(0.975, 6.9723) ≈ 2.3668 (between the
    // table's 2.3646 at 7 and 2.4469 at 6).
    const d = meanDifference(moments([1, 2, 3, 4, 5]), moments([2, 4, 6, 8, 10, 12]))!;
    expect(d.difference).toBe(-4);
    expect(d.low).toBeCloseTo(-4 - 2.3668 * 1.683251, 2);
    expect(d.high).toBeCloseTo(-4 + 2.3668 * 1.683251, 2);
  });

  test('median', () => {
    expect(median([])).toBeUndefined();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
