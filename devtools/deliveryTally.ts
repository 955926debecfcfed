import type { ReceivedMail } from './smtpSink';

/** Counts against what was expected: one mail per expected `recipient step` key. */
export function tally(mails: ReceivedMail[], expectedKeys: string[]) {
  const key = (m: ReceivedMail) => `${m.envelopeTo.join(',')} ${m.step}`;
  const expected = new Set(expectedKeys);
  const byKey = new Map<string, number>();
  for (const m of mails) byKey.set(key(m), (byKey.get(key(m)) ?? 0) + 1);
  const distinctIds = new Set(mails.map((m) => m.messageId)).size;
  return {
    expected: expected.size,
    delivered: [...expected].filter((k) => byKey.has(k)).length,
    // The same Message-ID twice, or the same recipient and step twice under different ids: both are duplicates.
    duplicates: Math.max(mails.length - distinctIds, mails.length - byKey.size),
    lost: [...expected].filter((k) => !byKey.has(k)),
    unexpected: mails.filter((m) => !expected.has(key(m))).length,
    duplicated: [...byKey].filter(([, n]) => n > 1).map(([k]) => k),
  };
}
