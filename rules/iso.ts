/** An instant (epoch ms) as the ISO 8601 UTC text that states, signals and payloads carry. */
export const iso = (ms: number): string => new Date(ms).toISOString();
