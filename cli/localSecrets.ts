import fs from 'node:fs';
import path from 'node:path';
import { parsePayloadKeys, type PayloadKeyRing } from '../codec/keyRing';
import { type Config, linkSecrets } from '../temporal.config';

/** A secret from its variable, else from the file `npm start` keeps it in (read, never made here). */
function fromEnvOrDataDir(
  value: string | undefined,
  variable: string,
  dataDir: string,
  fileName: string,
): { value: string; from: string } | undefined {
  if (value) return { value, from: variable };
  const file = path.join(dataDir, fileName);
  if (!fs.existsSync(file)) return undefined;
  return { value: fs.readFileSync(file, 'utf8').trim(), from: file };
}

/**
 * The link secrets the running API verifies with: AFTERGLOW_LINK_SECRET, else the one `npm start` keeps in the data
 * folder. Undefined when neither exists.
 */
export function localLinkSecrets(config: Config): { secrets: string[]; from: string } | undefined {
  if (config.AFTERGLOW_LINK_SECRET) return { secrets: linkSecrets(config), from: 'AFTERGLOW_LINK_SECRET' };
  const found = fromEnvOrDataDir(undefined, 'AFTERGLOW_LINK_SECRET', config.dataDir, 'link-secret');
  return found && { secrets: [found.value], from: found.from };
}

/** The secret the worker keys EmailHash with (AFTERGLOW_EMAIL_HASH_SECRET, else npm start's), so `find` hashes alike. */
export function localEmailHashSecret(config: Config): { secret: string; from: string } | undefined {
  const found = fromEnvOrDataDir(
    config.AFTERGLOW_EMAIL_HASH_SECRET,
    'AFTERGLOW_EMAIL_HASH_SECRET',
    config.dataDir,
    'email-hash-secret',
  );
  return found && { secret: found.value, from: found.from };
}

/**
 * The payload keys journeys are encrypted with: AFTERGLOW_PAYLOAD_KEYS, else the ones `npm start` keeps in the data
 * folder, so `afterglow status` reads what the local worker wrote without exporting a secret by hand.
 */
export function localPayloadKeys(config: Config): { keys: PayloadKeyRing; from: string } | undefined {
  if (config.AFTERGLOW_PAYLOAD_KEYS) return { keys: config.AFTERGLOW_PAYLOAD_KEYS, from: 'AFTERGLOW_PAYLOAD_KEYS' };
  const found = fromEnvOrDataDir(undefined, 'AFTERGLOW_PAYLOAD_KEYS', config.dataDir, 'payload-keys');
  if (!found) return undefined;
  try {
    return { keys: parsePayloadKeys(found.value)!, from: found.from };
  } catch (err) {
    throw new Error(`${found.from}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The personal-data vault's master keys (privacy/vault.ts): AFTERGLOW_VAULT_KEYS, else the ones `npm start` keeps in
 * the data folder, so `afterglow erase` and `export` open what the local API and worker sealed.
 */
export function localVaultKeys(config: Config): { keys: PayloadKeyRing; from: string } | undefined {
  if (config.AFTERGLOW_VAULT_KEYS) return { keys: config.AFTERGLOW_VAULT_KEYS, from: 'AFTERGLOW_VAULT_KEYS' };
  const found = fromEnvOrDataDir(undefined, 'AFTERGLOW_VAULT_KEYS', config.dataDir, 'vault-keys');
  if (!found) return undefined;
  try {
    return { keys: parsePayloadKeys(found.value)!, from: found.from };
  } catch (err) {
    throw new Error(`${found.from}: ${(err as Error).message.replace('AFTERGLOW_PAYLOAD_KEYS', 'vault keys')}`, {
      cause: err,
    });
  }
}
