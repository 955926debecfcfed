import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateStoreKey } from '../../credentials/storeKeys';

/**
 * Secrets for a laptop run when the environment has none: random, kept in the data folder (never in the repo) so
 * links and payloads stay readable across restarts.
 */
function kept(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, make(), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

export const devLinkSecret = (dataDir: string) =>
  kept(dataDir, 'link-secret', () => randomBytes(32).toString('base64url'));

/** Keys the EmailHash search attribute; the CLI reads it from here too (cli/localSecrets.ts). */
export const devEmailHashSecret = (dataDir: string) =>
  kept(dataDir, 'email-hash-secret', () => randomBytes(32).toString('base64url'));

/**
 * The personal-data vault's master key (privacy/vault.ts): customers' addresses and names are sealed under keys it
 * wraps, so losing this file loses them. The CLI reads it from here too (cli/localSecrets.ts).
 */
export const devVaultKeys = (dataDir: string) =>
  kept(dataDir, 'vault-keys', () => `dev1:${randomBytes(32).toString('base64')}`);

export interface DevEncryption {
  AFTERGLOW_PAYLOAD_KEYS?: string;
  AFTERGLOW_ADMIN_TOKEN?: string;
}

/**
 * Laptop defaults for payload encryption, so `npm start` stores only ciphertext in Temporal like production and
 * the dev Web UI decodes through the API: a key and an admin token kept in the data folder. Only what `env` lacks
 * is made: an operator's own key or token is never replaced (a replaced token would answer their requests 401).
 */
export function devEncryption(dataDir: string, env: DevEncryption): DevEncryption {
  return {
    ...(!env.AFTERGLOW_PAYLOAD_KEYS && {
      AFTERGLOW_PAYLOAD_KEYS: kept(dataDir, 'payload-keys', () => `dev1:${randomBytes(32).toString('base64')}`),
    }),
    ...(!env.AFTERGLOW_ADMIN_TOKEN && {
      AFTERGLOW_ADMIN_TOKEN: kept(dataDir, 'admin-token', () => randomBytes(32).toString('base64url')),
    }),
  };
}

/** The demo store's key when none is configured: kept in the data folder, printed in the ready-to-paste curl line. */
export const devStoreKey = (dataDir: string) => kept(dataDir, 'store-key', () => generateStoreKey().key);
