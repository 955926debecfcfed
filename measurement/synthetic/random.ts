/**
 * A seeded random source (mulberry32): the same seed gives the same facts on every machine and run, which the
 * tests and the benchmark rely on. Not for anything secret.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    between: (min: number, max: number) => min + next() * (max - min),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    /** Waiting times with many short and a few long ones (exponential, capped at `max`). */
    wait: (mean: number, max: number) => Math.min(max, -mean * Math.log(1 - next())),
  };
}
export type Random = ReturnType<typeof seededRandom>;
