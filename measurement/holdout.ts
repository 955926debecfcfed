import { createHash } from 'node:crypto';

/**
 * Whether a customer is in a journey's held-out group: a stable hash of store, customer and journey, so the answer
 * holds across orders, restarts and versions, and differs between journeys (a customer held out of one journey is
 * not held out of all). `share` is the journey's `holdout` (0 to 0.5).
 */
export function inHoldout(storeId: string, customerId: string, journeyId: string, share: number): boolean {
  if (share <= 0) return false;
  return holdoutPosition(storeId, customerId, journeyId) < share;
}

/** The customer's place in [0, 1) for this journey: the first 48 bits of SHA-256 over the three ids. */
export function holdoutPosition(storeId: string, customerId: string, journeyId: string): number {
  const digest = createHash('sha256').update(`${storeId}\u0000${customerId}\u0000${journeyId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
