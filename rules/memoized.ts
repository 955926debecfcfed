/**
 * Caches a pure function's results by a string key. Zone arithmetic with luxon is the hottest code in the journey
 * workflow (each pass over the schedule asks the same questions again); bounded, so a customer whose journey lives
 * for years does not grow it without end. Results are the function's own, so caching cannot change what a
 * workflow decides.
 */
export function memoized<A extends unknown[], R>(
  fn: (...args: A) => R,
  key: (...args: A) => string,
  limit = 2_000,
): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const k = key(...args);
    if (cache.has(k)) return cache.get(k)!;
    if (cache.size >= limit) cache.clear();
    const value = fn(...args);
    cache.set(k, value);
    return value;
  };
}
