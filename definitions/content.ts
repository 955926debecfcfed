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
  /** The templates that belong with these journeys. */
  templatesDir: string;
  /**
   * The adopted content set these came from (definitions/contentSets.ts), which runs pin so their later messages
   * render with the same templates; absent for content read in place (tools, tests).
   */
  contentSet?: string;
}

export function loadContent(contentDir: string): Content {
  const { stores, keys } = loadStores(contentDir);
  return {
    journeys: loadJourneys(contentDir),
    products: catalogIndex(loadCatalog(contentDir)),
    stores,
    storeKeys: keys,
    templatesDir: path.join(contentDir, 'templates'),
  };
}
