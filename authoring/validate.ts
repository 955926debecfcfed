import path from 'node:path';
import { loadCatalog } from '../definitions/loadCatalog';
import { loadStores } from '../definitions/loadStores';
import { DefinitionError } from '../definitions/loadYaml';
import type { Locale } from '../definitions/localized';
import type { StoreSettings } from '../definitions/storeSchema';
import { type Problem, problemsFromMessage, sortProblems } from './problems';
import { validateJourneys } from './validateJourneys';
import { validateTemplates } from './validateTemplates';

export interface ValidationReport {
  /** Sorted by file and line, each once. */
  problems: Problem[];
  counts: { journeys: number; products: number; stores: number; templates: number };
}

/**
 * Checks the marketer-edited files under `contentDir` the way the worker will use them: stores, catalog, journeys
 * (schema and references) and templates (locales, variables, MJML). Reports everything it finds, not the first problem.
 */
export async function validateContent(contentDir: string): Promise<ValidationReport> {
  const problems: Problem[] = [];
  const stores = await attempt(problems, path.join(contentDir, 'stores'), () => loadStores(contentDir).stores);
  const catalog = await attempt(problems, path.join(contentDir, 'catalog', 'products.yaml'), () => loadCatalog(contentDir));
  const templatesDir = path.join(contentDir, 'templates');
  const templates = await attempt(problems, templatesDir, () => validateTemplates(templatesDir, requiredLocales(stores)));
  const journeys = await attempt(problems, path.join(contentDir, 'journeys'), () =>
    validateJourneys(contentDir, {
      templates: new Set(templates?.templates ?? []),
      skus: catalog ? new Set(catalog.products.map((p) => p.sku)) : null,
    }),
  );
  problems.push(...(templates?.problems ?? []), ...(journeys?.problems ?? []));
  return {
    problems: sortProblems(problems),
    counts: {
      journeys: journeys?.journeys ?? 0,
      products: catalog?.products.length ?? 0,
      stores: stores?.size ?? 0,
      templates: templates?.templates.length ?? 0,
    },
  };
}

/** The loader's result, or undefined with its problems recorded: a broken file or a missing folder is a finding, not a crash. */
async function attempt<T>(problems: Problem[], file: string, loader: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await loader();
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (err instanceof DefinitionError) problems.push(...problemsFromMessage(err.message, file));
    else if (missing) problems.push({ severity: 'error', file: (err as NodeJS.ErrnoException).path ?? file, message: 'missing' });
    else throw err;
    return undefined;
  }
}

/** English always (the fallback), and every locale a store sells in, naming the first store that does. */
function requiredLocales(stores: Map<string, StoreSettings> | undefined): Map<Locale, string> {
  const required = new Map<Locale, string>([['en', 'English is the fallback for every language']]);
  for (const [id, store] of stores ?? [])
    for (const locale of store.locales) if (!required.has(locale)) required.set(locale, `store "${id}" sells in ${locale} (stores/${id}.yaml)`);
  return required;
}
