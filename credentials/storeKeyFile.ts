import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { StoreId } from '../domain/ids';
import { StoreKeyHash } from './storeKeys';

/** The settings file of a store; keys live in its own file, so a store needs one before it can have keys there. */
export function storeFile(contentDir: string, storeId: string): string {
  if (!StoreId.safeParse(storeId).success)
    throw new Error(`"${storeId}" is not a store id (letters, digits, ".", "_" and "-")`);
  const file = path.join(contentDir, 'stores', `${storeId}.yaml`);
  if (!fs.existsSync(file))
    throw new Error(
      `${file} does not exist: a store's keys live in its settings file (copy stores/default.yaml to start one), or use AFTERGLOW_API_KEYS`,
    );
  return file;
}

function readKeys(file: string) {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
  if (!isMap(doc.contents)) throw new Error(`${file}: expected the store's settings as a map`);
  const node = doc.get('apiKeys');
  return { doc, keys: isSeq(node) ? node.toJSON().map((k) => StoreKeyHash.parse(k)) : [] };
}

/** Edits and writes the `apiKeys` list of a store file, keeping its comments and layout. */
function editKeys(file: string, edit: (keys: StoreKeyHash[]) => StoreKeyHash[]): void {
  const { doc, keys } = readKeys(file);
  const next = edit(keys);
  if (next.length) doc.set('apiKeys', next);
  else doc.delete('apiKeys');
  fs.writeFileSync(file, doc.toString());
}

export function listKeyHashes(file: string): StoreKeyHash[] {
  return readKeys(file).keys;
}

export function addKeyHash(file: string, hash: StoreKeyHash): void {
  editKeys(file, (keys) => [...keys, hash]);
}

/** Removes the key with this id; throws when the file has none. */
export function revokeKeyHash(file: string, id: string): void {
  editKeys(file, (keys) => {
    if (!keys.some((k) => k.id === id))
      throw new Error(`${file} has no key ${id} (its keys: ${keys.map((k) => k.id).join(', ') || 'none'})`);
    return keys.filter((k) => k.id !== id);
  });
}
