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
  /** `products` is null when the catalog did not load (its problems say why). */
  counts: { journeys: number; products: number | null; stores: number; templates: number };
}

/**
 * Checks the marketer-edited files under `contentDir` the way the worker will use them: stores, catalog, journeys
 * (schema and references) and templates (locales, variables, MJML). Reports everything it finds, not the first problem.
 */
export async function validateContent(contentDir: string): Promise<ValidationReport> {
  const problems: Problem[] = [];
  const stores = await attempt(problems, path.join(contentDir, 'stores'), () => loadStores(contentDir).stores);
  const catalog = await attempt(problems, path.join(contentDir, 'catalog', 'products.yaml'), () =>
    loadCatalog(contentDir),
  );
  const templatesDir = path.join(contentDir, 'templates');
  const templates = await attempt(problems, templatesDir, () =>
    validateTemplates(templatesDir, requiredLocales(stores), catalog?.fields),
  );
  const journeys = await attempt(problems, path.join(contentDir, 'journeys'), () =>
    validateJourneys(contentDir, {
      templates: new Set(templates?.templates ?? []),
      skus: catalog ? new Set(catalog.products.map((p) => p.sku)) : null,
    }),
  );
  problems.push(
    ...(templates?.problems ?? []),
    ...(journeys?.problems ?? []),
    ...postalAddressProblems(contentDir, stores, journeys?.marketing ?? []),
  );
  return {
    problems: sortProblems(problems),
    counts: {
      journeys: journeys?.journeys ?? 0,
      products: catalog ? catalog.products.length : null,
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
    else if (missing)
      problems.push({ severity: 'error', file: (err as NodeJS.ErrnoException).path ?? file, message: 'missing' });
    else throw err;
    return undefined;
  }
}

/** Marketing email must carry the sender's postal address (CAN-SPAM, Japan's Specified Electronic Mail Act). */
function postalAddressProblems(
  contentDir: string,
  stores: Map<string, StoreSettings> | undefined,
  marketing: string[],
): Problem[] {
  if (!marketing.length) return [];
  return [...(stores ?? [])]
    .filter(([, store]) => !store.postalAddress)
    .map(([id]) => ({
      severity: 'error' as const,
      file: path.join(contentDir, 'stores', `${id}.yaml`),
      message: `postalAddress: missing. Journeys send marketing (${marketing.join('; ')}), and the law wants the sender's postal address in every marketing email: add postalAddress: { en: "…", ja: "…" }`,
    }));
}

/** English always (the fallback), and every locale a store sells in, naming the first store that does. */
function requiredLocales(stores: Map<string, StoreSettings> | undefined): Map<Locale, string> {
  const required = new Map<Locale, string>([['en', 'English is the fallback for every language']]);
  for (const [id, store] of stores ?? [])
    for (const locale of store.locales)
      if (!required.has(locale)) required.set(locale, `store "${id}" sells in ${locale} (stores/${id}.yaml)`);
  return required;
}
