const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds in a journey duration ("0", "12h", "3d", "2w", "-5d"); the schema has already checked the form. */
export function durationMs(duration: string): number {
  if (duration === '0') return 0;
  const match = /^(-?\d+(?:\.\d+)?)(m|h|d|w)$/.exec(duration);
  if (!match) throw new Error(`not a duration: "${duration}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export const DAY_MS = UNIT_MS.d;
