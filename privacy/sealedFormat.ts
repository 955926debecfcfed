/**
 * The form a personal field (an address, a name) travels in through Temporal: `afterglow-sealed:v1:<keyRef>:<box>`,
 * where keyRef names the customer's data key (privacy/vault.ts) and box is base64url(iv || ciphertext || tag).
 * Self-describing, so workflow code and state shapes stay as they were and an old history's plain values are told
 * apart. No Node imports: the workflow bundle (support update validators) reads it too.
 */
const SEALED_PREFIX = 'afterglow-sealed:v1:';
const SEALED = /^afterglow-sealed:v1:([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]{38,})$/;

export interface SealedParts {
  keyRef: string;
  box: string;
}

/** The parts of a sealed value, or undefined for anything else (a plain value from before sealing). */
export function sealedParts(value: string): SealedParts | undefined {
  const match = SEALED.exec(value);
  return match ? { keyRef: match[1], box: match[2] } : undefined;
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && SEALED.test(value);

export const sealedValue = ({ keyRef, box }: SealedParts): string => `${SEALED_PREFIX}${keyRef}:${box}`;
