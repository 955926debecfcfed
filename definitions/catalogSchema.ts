import { z } from 'zod';
import { localized } from './localized';

const Sku = z.string().min(1).max(200);

export const Milestone = z
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
  })
  .strict();
export type Product = z.infer<typeof Product>;

export const Catalog = z
  .object({ products: z.array(Product).min(1) })
  .strict()
  .superRefine((catalog, ctx) => {
    const skus = new Set<string>();
    catalog.products.forEach((p, i) => {
      if (skus.has(p.sku)) ctx.addIssue({ code: 'custom', path: ['products', i, 'sku'], message: `duplicate sku "${p.sku}"` });
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
