import path from 'node:path';
import { Catalog, type Product, withDeclaredFields } from './catalogSchema';
import { loadYaml } from './loadYaml';

/** catalog/products.yaml, validated (unknown cross-sell and upsell SKUs are errors at their line). */
export function loadCatalog(contentDir: string): Catalog {
  return withDeclaredFields(loadYaml(path.join(contentDir, 'catalog', 'products.yaml'), Catalog));
}

/** Products by SKU. */
export function catalogIndex(catalog: Catalog): Map<string, Product> {
  return new Map(catalog.products.map((p) => [p.sku, p]));
}
