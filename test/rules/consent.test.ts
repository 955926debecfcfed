import { choiceBlocks, currentChoice, optOutReason, preferenceOf, supersedes } from '../../rules/consent';
import type { MarketingPreference } from '../../rules/journeyState';

const T = Date.parse('2026-03-05T12:00:00Z');
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
const choice = (
  status: MarketingPreference['status'],
  source: MarketingPreference['source'],
  minutes: number,
  until?: string,
): MarketingPreference => ({
  status,
  source,
  at: at(minutes),
  ...(until && { until }),
});

describe('which marketing choice stands (supersedes)', () => {
  it.each<[string, MarketingPreference | undefined, MarketingPreference, boolean]>([
    ['the first choice ever', undefined, choice('subscribed', 'store', 0), true],
    ['a later choice of the same source', choice('subscribed', 'store', 0), choice('unsubscribed', 'store', 1), true],
    ['an earlier choice arriving late', choice('unsubscribed', 'store', 5), choice('subscribed', 'store', 1), false],
    [
      "the store's opt-in dated before the customer's unsubscribe",
      choice('unsubscribed', 'one-click', 5),
      choice('subscribed', 'store', 4),
      false,
    ],
    [
      "the store's opt-in dated exactly at the customer's unsubscribe",
      choice('unsubscribed', 'one-click', 5),
      choice('subscribed', 'store', 5),
      false,
    ],
    [
      "the store's explicit opt-in strictly after the customer's unsubscribe",
      choice('unsubscribed', 'one-click', 5),
      choice('subscribed', 'store', 6),
      true,
    ],
    [
      "the store's opt-in after the customer paused on the preference page",
      choice('paused', 'preference-page', 5, at(60)),
      choice('subscribed', 'store', 6),
      true,
    ],
    [
      "a store's pause after the customer's own unsubscribe (it would end the customer's no)",
      choice('unsubscribed', 'one-click', 5),
      choice('paused', 'store', 9, at(60)),
      false,
    ],
    [
      "a store's unsubscribe after the customer's own",
      choice('unsubscribed', 'one-click', 5),
      choice('unsubscribed', 'store', 9),
      false,
    ],
    [
      "the customer's own resubscribe after their unsubscribe",
      choice('unsubscribed', 'one-click', 5),
      choice('subscribed', 'preference-page', 6),
      true,
    ],
    [
      "the customer's unsubscribe after a store's opt-in",
      choice('subscribed', 'store', 5),
      choice('unsubscribed', 'one-click', 6),
      true,
    ],
    [
      "the customer's unsubscribe at the very time of a store's opt-in",
      choice('subscribed', 'store', 5),
      choice('unsubscribed', 'one-click', 5),
      true,
    ],
    [
      'a subscribe at the very time of an unsubscribe (the stricter stands)',
      choice('unsubscribed', 'support', 5),
      choice('subscribed', 'support', 5),
      false,
    ],
    [
      'a pause at the very time of a subscribe',
      choice('subscribed', 'support', 5),
      choice('paused', 'support', 5, at(60)),
      true,
    ],
    [
      "support's resubscribe after the customer's unsubscribe",
      choice('unsubscribed', 'one-click', 5),
      choice('subscribed', 'support', 6),
      true,
    ],
    [
      "support's pause after the customer's unsubscribe (only the store's word gives way)",
      choice('unsubscribed', 'one-click', 5),
      choice('paused', 'support', 6, at(60)),
      true,
    ],
    [
      "a store's pause after the store's own unsubscribe (no customer's no to protect)",
      choice('unsubscribed', 'store', 5),
      choice('paused', 'store', 6, at(60)),
      true,
    ],
    [
      "a store's unsubscribe after the customer's own resubscribe",
      choice('subscribed', 'preference-page', 5),
      choice('unsubscribed', 'store', 6),
      true,
    ],
    [
      'the same choice again at the very same time (nothing stricter)',
      choice('subscribed', 'support', 5),
      choice('subscribed', 'store', 5),
      false,
    ],
  ])('%s: %s', (_, current, incoming, expected) => {
    expect(supersedes(current, incoming)).toBe(expected);
  });

  it('folds a history in recording order: the attack of a store opt-in dated in the far future cannot win once times are capped', () => {
    // The recorder caps a store's claimed time at when it heard of it: "2999" arrives as the time of receipt.
    const history = [
      choice('subscribed', 'store', 0),
      choice('unsubscribed', 'one-click', 10),
      choice('subscribed', 'store', 10),
    ];
    expect(currentChoice(history)).toEqual(choice('unsubscribed', 'one-click', 10));
    expect(currentChoice([])).toBeUndefined();
  });
});

describe('what a choice blocks (choiceBlocks)', () => {
  it.each<[string, MarketingPreference | undefined, number, string | undefined]>([
    ['no choice', undefined, 0, undefined],
    ['subscribed', choice('subscribed', 'store', 0), 0, undefined],
    ['unsubscribed', choice('unsubscribed', 'one-click', 0), 0, 'unsubscribed from marketing'],
    [
      'a pause, a minute before it ends',
      choice('paused', 'preference-page', 0, at(60)),
      59,
      `marketing paused until ${at(60)}`,
    ],
    ['a pause, at its end', choice('paused', 'preference-page', 0, at(60)), 60, undefined],
    ['a pause, after its end', choice('paused', 'preference-page', 0, at(60)), 61, undefined],
  ])('%s', (_, current, minutes, expected) => {
    expect(choiceBlocks(current, T + minutes * 60_000)).toBe(expected);
  });
});

describe('the one opt-out check before a send (optOutReason)', () => {
  const unsubscribed = choice('unsubscribed', 'one-click', 0);
  it.each<
    [
      string,
      'service' | 'marketing',
      Parameters<typeof optOutReason>[1],
      MarketingPreference | undefined,
      string | undefined,
    ]
  >([
    ['nothing recorded: service', 'service', [], undefined, undefined],
    ['nothing recorded: marketing', 'marketing', [], undefined, undefined],
    ['a hard bounce stops service mail', 'service', ['hard-bounce'], undefined, 'address blocked: hard-bounce'],
    ["support's stop stops service mail", 'service', ['support'], undefined, 'address blocked: support'],
    ['a complaint lets service mail through', 'service', ['complaint'], undefined, undefined],
    ['a complaint stops marketing', 'marketing', ['complaint'], undefined, 'address blocked: complaint'],
    ['an address unsubscribe stops marketing', 'marketing', ['unsubscribe'], undefined, 'address blocked: unsubscribe'],
    ["the customer's unsubscribe stops marketing", 'marketing', [], unsubscribed, 'unsubscribed from marketing'],
    ["the customer's unsubscribe never stops service mail", 'service', [], unsubscribed, undefined],
    [
      'the most serious reason is given',
      'marketing',
      ['unsubscribe', 'complaint', 'hard-bounce'],
      unsubscribed,
      'address blocked: hard-bounce',
    ],
  ])('%s', (_, category, blocks, current, expected) => {
    expect(optOutReason({ category, at: T }, blocks, current)).toBe(expected);
  });
});

describe('a reported change as the choice it makes (preferenceOf)', () => {
  const change = { storeId: 'default', customerId: 'c-42', occurredAt: at(0) };
  it.each<[string, object, MarketingPreference]>([
    [
      'an opt-in with its level',
      { marketing: 'subscribed', source: 'store', optInLevel: 'confirmed' },
      { status: 'subscribed', source: 'store', at: at(0), optInLevel: 'confirmed' },
    ],
    [
      'a pause with its end',
      { marketing: 'paused', source: 'preference-page', until: at(60) },
      { status: 'paused', source: 'preference-page', at: at(0), until: at(60) },
    ],
    [
      'an unsubscribe, nothing else',
      { marketing: 'unsubscribed', source: 'one-click' },
      { status: 'unsubscribed', source: 'one-click', at: at(0) },
    ],
  ])('%s', (_name, reported, expected) => {
    expect(preferenceOf({ ...change, ...reported } as Parameters<typeof preferenceOf>[0])).toEqual(expected);
  });
});
