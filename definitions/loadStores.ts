import fs from 'node:fs';
import path from 'node:path';
import { DefinitionError, loadYaml } from './loadYaml';
import type { StoreKeyHash } from '../credentials/storeKeys';
import { StoreFile, type StoreSettings } from './storeSchema';

/** The hash of one store key, with the store it opens. */
export interface StoreKeyEntry extends StoreKeyHash {
  storeId: string;
}

/**
 * Every stores/<storeId>.yaml by store id, and the store key hashes they hold; all files' errors are reported
 * together. default.yaml is required.
 */
export function loadStores(contentDir: string): { stores: Map<string, StoreSettings>; keys: StoreKeyEntry[] } {
  const dir = path.join(contentDir, 'stores');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const stores = new Map<string, StoreSettings>();
  const keys: StoreKeyEntry[] = [];
  const errors: string[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const storeId = name.replace(/\.ya?ml$/, '');
    if (stores.has(storeId)) {
      errors.push(`${file}: store "${storeId}" is defined twice (.yaml and .yml)`);
      continue;
    }
    try {
      const { apiKeys, ...settings } = loadYaml(file, StoreFile);
      stores.set(storeId, settings);
      keys.push(...apiKeys.map((hash) => ({ storeId, ...hash })));
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      errors.push(err.message);
    }
  }
  // Checked up front: every store without its own file falls back to it, so its absence would fail every send.
  if (!errors.length && !stores.has('default'))
    errors.push(`${path.join(dir, 'default.yaml')}: missing (stores without their own file use it)`);
  if (errors.length) throw new DefinitionError(errors.join('\n'));
  return { stores, keys };
}

/** The store's settings, or the default store's for a store without its own file. */
export function storeSettings(stores: Map<string, StoreSettings>, storeId: string): StoreSettings {
  const settings = stores.get(storeId) ?? stores.get('default');
  if (!settings) throw new Error('stores/default.yaml is missing');
  return settings;
}
