import fs from 'node:fs';
import path from 'node:path';
import type { Product } from './catalogSchema';
import { catalogIndex, loadCatalog } from './loadCatalog';
import { type LoadedJourney, loadJourneys } from './loadJourneys';
import { loadStores } from './loadStores';
import type { StoreSettings } from './storeSchema';

/** The marketer-edited files, loaded and validated together. */
export interface Content {
  journeys: LoadedJourney[];
  products: Map<string, Product>;
  stores: Map<string, StoreSettings>;
}

export function loadContent(contentDir: string): Content {
  return {
    journeys: loadJourneys(contentDir),
    products: catalogIndex(loadCatalog(contentDir)),
    stores: loadStores(contentDir),
  };
}

/** Newest modification time under the content folders: a cheap "did anything change" check. */
function contentStamp(contentDir: string): string {
  const stamps: number[] = [];
  for (const folder of ['journeys', 'catalog', 'stores']) {
    const dir = path.join(contentDir, folder);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) stamps.push(fs.statSync(path.join(dir, f)).mtimeMs);
  }
  return `${stamps.length}:${Math.max(0, ...stamps)}`;
}

/**
 * Content that follows edits on disk (new orders get the edited journeys) without a worker restart. A broken
 * edit keeps the last good content in service and is reported through `onError`; at start an error is fatal.
 */
export function liveContent(contentDir: string, onError: (err: Error) => void): () => Content {
  let stamp = contentStamp(contentDir);
  let current = loadContent(contentDir);
  return () => {
    const next = contentStamp(contentDir);
    if (next !== stamp) {
      stamp = next;
      try {
        current = loadContent(contentDir);
      } catch (err) {
        onError(err as Error);
      }
    }
    return current;
  };
}
