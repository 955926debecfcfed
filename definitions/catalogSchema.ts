import { z } from 'zod';
import { localized } from './localized';
import { suggestion } from './schemaProblems';

const Sku = z.string().min(1).max(200);
/** A custom per-product field's name: what templates write after `product.extra.`. */
const FieldName = z
  .string()
  .regex(
    /^[a-z][a-zA-Z0-9]*$/,
    'must be a name such as "tip" or "brewTemperature" (letters and digits, starting lower-case)',
  );

const Milestone = z
  .object({
    /** Weeks after delivery when the customer should notice this. */
    week: z.number().int().min(1).max(104),
    title: localized(z.string().min(1)),
    notice: localized(z.string().min(1)),
  })
  .strict();
export type Milestone = z.infer<typeof Milestone>;

export const Product = z
  .object({
    sku: Sku,
    category: z.string().min(1),
    tags: z.array(z.string().min(1)).default([]),
    url: z.url(),
    imageUrl: z.url().optional(),
    /** Where a customer who rated it 4 or 5 can review it publicly. */
    reviewUrl: z.url().optional(),
    /** Its results build with steady use (skincare, supplements): refill and win-back copy speaks of keeping them up. */
    buildsResults: z.boolean().default(false),
    /** How long one unit lasts, used for refill timing (× quantity). Absent for durable goods. */
    daysOfSupply: z.number().int().min(1).max(3650).optional(),
    crossSell: z.array(Sku).default([]),
    upsell: z.array(Sku).default([]),
    name: localized(z.string().min(1)),
    /** What the product does for the customer: the reassurance email restates this. */
    benefits: localized(z.array(z.string().min(1)).min(1)),
    /** The right way to use it, step by step: the how-to email. */
    howTo: localized(z.array(z.string().min(1)).min(1)),
    milestones: z.array(Milestone).default([]),
    /**
     * The catalog's own per-product copy (its `fields:`), e.g. `tip: { en: …, ja: … }`. Once loaded every product
     * holds every declared field, null where it gives none, so a template can test `{{#if product.extra.tip}}`.
     */
    extra: z.record(FieldName, localized(z.string().min(1)).nullable()).default({}),
  })
  .strict();
export type Product = z.infer<typeof Product>;

export const Catalog = z
  .object({
    /** Names of custom per-product fields the templates may use as `product.extra.<name>`. */
    fields: z.array(FieldName).default([]),
    products: z.array(Product).min(1),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    const declared = new Set(catalog.fields);
    catalog.products.forEach((p, i) =>
      Object.keys(p.extra).forEach((field) => {
        if (!declared.has(field))
          ctx.addIssue({
            code: 'custom',
            path: ['products', i, 'extra', field],
            message: `"${field}" is not among the catalog's fields (${catalog.fields.join(', ') || 'none declared'}): add it to \`fields:\` at the top${suggestion(field, catalog.fields)}`,
          });
      }),
    );
    const skus = new Set<string>();
    catalog.products.forEach((p, i) => {
      if (skus.has(p.sku))
        ctx.addIssue({ code: 'custom', path: ['products', i, 'sku'], message: `duplicate sku "${p.sku}"` });
      skus.add(p.sku);
    });
    catalog.products.forEach((p, i) =>
      (['crossSell', 'upsell'] as const).forEach((field) =>
        p[field].forEach((sku, j) => {
          if (!skus.has(sku))
            ctx.addIssue({ code: 'custom', path: ['products', i, field, j], message: `unknown sku "${sku}"` });
        }),
      ),
    );
  });
export type Catalog = z.infer<typeof Catalog>;

/** Every product with every declared field (null where it gives none): templates in strict mode can test any of them. */
export function withDeclaredFields(catalog: Catalog): Catalog {
  const products = catalog.products.map((p) => ({
    ...p,
    extra: Object.fromEntries(catalog.fields.map((f) => [f, p.extra[f] ?? null])),
  }));
  return { ...catalog, products };
}
