import { z } from 'zod';
import { Product } from '../definitions/catalogSchema';
import { Locale, pick } from '../definitions/localized';
import { StoreSettings } from '../definitions/storeSchema';
import { singleItems } from '../rules/messageItems';
import { MessageContext, type MilestoneView, type ProductView } from './messageContext';

const Sku = z.string().min(1);
const SingleItem = z.union([
  z.object({ kind: z.literal('product'), sku: Sku }),
  z.object({ kind: z.literal('milestone'), sku: Sku, index: z.number().int().min(0) }),
]);

/** What the send activity knows about one message; `buildContext` turns it into what templates see. */
export const MessageInput = z.object({
  stepId: z.string().min(1),
  category: z.enum(['service', 'marketing']),
  locale: Locale,
  /** IANA zone for dates: the customer's, else the store's. */
  timezone: z.string().min(1),
  store: StoreSettings,
  customer: z.object({ firstName: z.string().optional(), lastName: z.string().optional() }),
  order: z.object({
    orderId: z.string(),
    placedAt: z.string(),
    total: z.string(),
    currency: z.string(),
    lineItems: z
      .array(z.object({ sku: Sku, title: z.string(), quantity: z.number().int().min(1), unitPrice: z.string() }))
      .min(1),
  }),
  /** Catalog entries pinned for this order: its SKUs (some may be missing) and the SKUs it recommends. */
  products: z.record(z.string(), Product),
  /** What the message is about: one product, one milestone of a product, several combined, or the whole order (null). */
  item: z.union([z.null(), SingleItem, z.object({ kind: z.literal('combined'), items: z.array(SingleItem).min(2) })]),
  /** SKUs to show as recommendations (cross-sell / upsell), already chosen; those missing from `products` are left out. */
  recommendSkus: z.array(Sku),
  /** The customer's history with the store (rules/customerHistory.ts); absent for a first order or an old send. */
  history: z
    .object({
      firstOrderAt: z.string(),
      orderCount: z.number().int().min(0),
      ownedSince: z.record(z.string(), z.string()),
    })
    .optional(),
  links: MessageContext.shape.links,
});
export type MessageInput = z.infer<typeof MessageInput>;

/** The template locale for a customer's BCP 47 tag ("ja-JP" → "ja"), or the store's default when unsupported. */
export function resolveLocale(
  customerLocale: string | undefined,
  store: Pick<StoreSettings, 'defaultLocale' | 'locales'>,
): Locale {
  const language = Locale.safeParse(customerLocale?.split(/[-_]/)[0]?.toLowerCase());
  return language.success && store.locales.includes(language.data) ? language.data : store.defaultLocale;
}

/** The MessageContext for one message: pure, so what a template sees depends only on the pinned input. */
export function buildContext(raw: MessageInput): MessageContext {
  // Validated here because the input arrives as JSON from workflow history, not from typed code.
  const input = MessageInput.parse(raw);
  const { locale, products: catalog } = input;
  // Every catalog product holds every declared field (catalogSchema.ts withDeclaredFields): one tells them all.
  const fields = Object.keys(Object.values(catalog)[0]?.extra ?? {});
  const placedAt = Date.parse(input.order.placedAt);
  // Earlier than this order: a returning customer, a product they already know.
  const before = (iso: string | undefined) => (iso !== undefined && Date.parse(iso) < placedAt ? iso : null);

  const view = (sku: string, quantity: number, title: string): ProductView => {
    const product = catalog[sku];
    if (!product)
      return {
        sku,
        known: false,
        name: title,
        url: null,
        imageUrl: null,
        quantity,
        benefits: [],
        howTo: [],
        supplyDays: null,
        buildsResults: false,
        reviewUrl: null,
        ownedSince: null,
        results: [],
        extra: Object.fromEntries(fields.map((f) => [f, null])),
      };
    const since = before(input.history?.ownedSince[sku]);
    return {
      sku,
      known: true,
      name: pick(product.name, locale),
      url: product.url,
      imageUrl: product.imageUrl ?? null,
      quantity,
      benefits: pick(product.benefits, locale),
      howTo: pick(product.howTo, locale),
      supplyDays: product.daysOfSupply === undefined ? null : product.daysOfSupply * quantity,
      buildsResults: product.buildsResults,
      reviewUrl: product.reviewUrl ?? null,
      ownedSince: since,
      results: since ? resultsSince(product, Date.parse(since), placedAt, locale) : [],
      extra: Object.fromEntries(fields.map((f) => [f, product.extra[f] ? pick(product.extra[f], locale) : null])),
    };
  };

  // One view per SKU with the quantities of repeated lines summed, as the journey plans them.
  const lines = new Map<string, { quantity: number; title: string }>();
  for (const { sku, quantity, title } of input.order.lineItems) {
    const seen = lines.get(sku);
    lines.set(sku, { quantity: (seen?.quantity ?? 0) + quantity, title: seen?.title ?? title });
  }
  const products = [...lines].map(([sku, { quantity, title }]) => view(sku, quantity, title));
  const singles = singleItems(input.item);
  const skus = new Set(singles.map((i) => i.sku));
  const items = singles.length ? products.filter((p) => skus.has(p.sku)) : products;
  const milestones = singles.flatMap((i) => {
    const entry = i.kind === 'milestone' ? catalog[i.sku]?.milestones[i.index] : undefined;
    if (!entry) return [];
    const milestone: MilestoneView = {
      week: entry.week,
      title: pick(entry.title, locale),
      notice: pick(entry.notice, locale),
    };
    return [{ product: products.find((p) => p.sku === i.sku) ?? items[0], milestone }];
  });
  const product = items[0] ?? products[0];

  return {
    locale,
    timezone: input.timezone,
    store: {
      name: input.store.name,
      url: input.store.url,
      supportEmail: input.store.supportEmail,
      referralUrl: input.store.referralUrl ?? null,
      postalAddress: input.store.postalAddress ? pick(input.store.postalAddress, locale) : null,
      vipBenefits: input.store.vip.benefits ? pick(input.store.vip.benefits, locale) : [],
    },
    customer: {
      firstName: nonBlank(input.customer.firstName),
      lastName: nonBlank(input.customer.lastName),
      since: before(input.history?.firstOrderAt),
      orderCount: Math.max(input.history?.orderCount ?? 1, 1),
    },
    order: {
      id: input.order.orderId,
      placedAt: input.order.placedAt,
      total: input.order.total,
      currency: input.order.currency,
      itemCount: input.order.lineItems.reduce((n, l) => n + l.quantity, 0),
    },
    products,
    product,
    milestone: milestones[0]?.milestone ?? null,
    combined: input.item?.kind === 'combined',
    items,
    milestones,
    recommendations: input.recommendSkus.filter((sku) => catalog[sku]).map((sku) => view(sku, 1, sku)),
    links: input.links,
    message: { category: input.category, stepId: input.stepId },
  };
}

/** The milestones of `product` the customer has reached since they started using it: "why pay again". */
function resultsSince(product: Product, since: number, until: number, locale: Locale): string[] {
  const weeks = (until - since) / (7 * 86_400_000);
  return product.milestones.filter((m) => m.week <= weeks).map((m) => pick(m.title, locale));
}

/** Blank names count as absent, so templates fall back to the generic greeting instead of "Hi ,". */
function nonBlank(name: string | undefined): string | null {
  const trimmed = name?.trim();
  return trimmed ? trimmed : null;
}
