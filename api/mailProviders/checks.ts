import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors';

/** Constant-time comparison of two secrets of any length (their digests are compared, so the length leaks nothing). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * A signed timestamp must be recent: a captured request replayed later is refused even though its signature is
 * genuine. Both directions count (a clock ahead of ours by more than the window is as suspect).
 */
export function assertFresh(signedAtMs: number, nowMs: number, maxAgeMs: number, header: string): void {
  if (!Number.isFinite(signedAtMs) || Math.abs(nowMs - signedAtMs) > maxAgeMs)
    throw new ApiError(
      401,
      'stale_signature',
      `${header} is more than ${Math.round(maxAgeMs / 1000)} seconds away from now: refused as a possible replay`,
    );
}
