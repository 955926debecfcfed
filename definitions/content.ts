import fs from 'node:fs';
import path from 'node:path';
import type { Product } from './catalogSchema';
import { catalogIndex, loadCatalog } from './loadCatalog';
import { type LoadedJourney, loadJourneys } from './loadJourneys';
import { loadStores, type StoreKeyEntry } from './loadStores';
import type { StoreSettings } from './storeSchema';

/** The marketer-edited files, loaded and validated together. */
export interface Content {
  journeys: LoadedJourney[];
  products: Map<string, Product>;
  stores: Map<string, StoreSettings>;
  /** Hashes of the store keys kept in the stores' files. */
  storeKeys: StoreKeyEntry[];
}

export function loadContent(contentDir: string): Content {
  const { stores, keys } = loadStores(contentDir);
  return {
    journeys: loadJourneys(contentDir),
    products: catalogIndex(loadCatalog(contentDir)),
    stores,
    storeKeys: keys,
  };
}

/** Newest modification time under the given content folders: a cheap "did anything change" check. */
function contentStamp(contentDir: string, folders: readonly string[]): string {
  const stamps: number[] = [];
  for (const folder of folders) {
    const dir = path.join(contentDir, folder);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) stamps.push(fs.statSync(path.join(dir, f)).mtimeMs);
  }
  return `${stamps.length}:${Math.max(0, ...stamps)}`;
}

/**
 * What `load` reads from `folders` of the content folder, following edits on disk without a restart. A broken edit
 * keeps the last good result in service and is reported through `onError`; at start an error is fatal.
 */
export function watchContent<T>(contentDir: string, folders: readonly string[], load: (contentDir: string) => T, onError: (err: Error) => void): () => T {
  let stamp = contentStamp(contentDir, folders);
  let current = load(contentDir);
  return () => {
    const next = contentStamp(contentDir, folders);
    if (next !== stamp) {
      stamp = next;
      try {
        current = load(contentDir);
      } catch (err) {
        onError(err as Error);
      }
    }
    return current;
  };
}

/** Content that follows edits on disk (new orders get the edited journeys) without a worker restart. */
export function liveContent(contentDir: string, onError: (err: Error) => void): () => Content {
  return watchContent(contentDir, ['journeys', 'catalog', 'stores'], loadContent, onError);
}
