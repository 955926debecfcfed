import { type AnswerUrl, messageLinks } from '../rendering/messageLinks';
import path from 'node:path';
import type { Product } from '../definitions/catalogSchema';
import { type Content, loadContent } from '../definitions/content';
import type { MessageStep } from '../definitions/journeySchema';
import { storeSettings } from '../definitions/loadStores';
import { type Locale, pick } from '../definitions/localized';
import { suggestion } from '../definitions/schemaProblems';
import { Order } from '../domain/order';
import { buildContext, type MessageInput, resolveLocale } from '../rendering/buildContext';
import { TemplateLibrary } from '../rendering/compiledTemplates';
import { type RenderedMessage, renderMessage } from '../rendering/renderMessage';
import { recommendedSkus } from '../rules/decide';
import type { MessageItem } from '../rules/journeyState';
import { planRun } from '../rules/planRun';

export interface SampleOptions {
  template: string;
  /** Template locale; default: the one a real send picks for the order's customer. */
  locale?: Locale;
  /** Default: `sampleOrder` of the catalog. */
  order?: Order;
  /** Base of the feedback and (placeholder) unsubscribe links, PUBLIC_URL in real sends. */
  publicUrl: string;
  /** The product of the sample order (default: the catalog product with the most to show). */
  sku?: string;
  /** When the sample order was placed; default now, so dates in the preview read like a fresh order. */
  now?: Date;
  /**
   * How the message's own links are made. Default: placeholders that go nowhere (a preview must not be able to
   * unsubscribe or answer for anyone); `send-test` signs working links flagged as a test (links/customerLinks.ts).
   */
  links?: SampleLinks;
}

/** The links a sample message carries: its unsubscribe link (marketing only) and its answer links. */
export interface SampleLinks {
  unsubscribe(order: Order): { unsubscribeUrl: string; preferencesUrl: string };
  answerUrl(order: Order, messageKey: string, locale: Locale): AnswerUrl;
}

function placeholderLinks(publicUrl: string): SampleLinks {
  const base = publicUrl.replace(/\/$/, '');
  return {
    unsubscribe: () => ({ unsubscribeUrl: `${base}/u/preview`, preferencesUrl: `${base}/u/preview` }),
    answerUrl: () => (question, choice) => `${base}/a/preview-${question}-${choice}`,
  };
}

const CUSTOMERS: Record<Locale, Pick<Order['customer'], 'email' | 'firstName' | 'lastName' | 'locale' | 'timezone'>> = {
  en: {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    locale: 'en-US',
    timezone: 'America/New_York',
  },
  ja: { email: 'hanako@example.com', firstName: '花子', lastName: '佐藤', locale: 'ja-JP', timezone: 'Asia/Tokyo' },
};
const PRICES: Record<Locale, { currency: string; unitPrice: string }> = {
  en: { currency: 'USD', unitPrice: '49.00' },
  ja: { currency: 'JPY', unitPrice: '4900' },
};

/**
 * A realistic order for previews: two of `sku`, else of the catalog product with the most to show (milestones,
 * cross-sell, upsell, a supply length), bought by a customer who reads `locale`, in that customer's currency.
 */
export function sampleOrder(products: Map<string, Product>, locale: Locale, placedAt: Date, sku?: string): Order {
  const score = (p: Product) =>
    [p.milestones.length, p.crossSell.length, p.upsell.length, p.daysOfSupply].filter(Boolean).length;
  if (sku !== undefined && !products.has(sku))
    throw new Error(`--sku "${sku}" is not in the catalog${suggestion(sku, [...products.keys()])}`);
  const product =
    sku !== undefined
      ? products.get(sku)!
      : [...products.values()].reduce((best, p) => (score(p) > score(best) ? p : best));
  const { currency, unitPrice } = PRICES[locale];
  const quantity = 2;
  return Order.parse({
    orderId: 'PREVIEW-1001',
    placedAt: placedAt.toISOString(),
    currency,
    total: (Number(unitPrice) * quantity).toFixed(unitPrice.split('.')[1]?.length ?? 0),
    customer: { id: 'preview-customer', acceptsMarketing: true, ...CUSTOMERS[locale] },
    lineItems: [{ sku: product.sku, title: pick(product.name, locale), quantity, unitPrice }],
  });
}

/**
 * What the send activity would get for `template`: the journey step that uses it decides the category, the item
 * (first product or milestone of the order, planned by the journey's own rules) and the recommendations. A template
 * no journey uses yet previews as a service message about the whole order.
 */
export function sampleMessageInput(content: Content, options: SampleOptions): MessageInput {
  const products = Object.fromEntries(content.products);
  const order =
    options.order ?? sampleOrder(content.products, options.locale ?? 'en', options.now ?? new Date(), options.sku);
  const store = storeSettings(content.stores, order.storeId);
  const usage = content.journeys
    .flatMap(({ definition }) => definition.steps.map((step) => ({ journey: definition, step })))
    .find((u): u is typeof u & { step: MessageStep } => 'template' in u.step && u.step.template === options.template);

  let item: MessageItem = null;
  let recommendSkus: string[] = [];
  let messageKey = `${order.orderId}/preview/${options.template}/order`;
  if (usage) {
    const run = planRun({ journey: usage.journey, version: 'preview', store, products }, order);
    const message = run.messages.find((m) => m.stepId === usage.step.id);
    item = message?.item ?? null;
    if (message) messageKey = message.key;
    if (usage.step.recommend !== 'none') recommendSkus = recommendedSkus(run, item, usage.step.recommend);
  }
  const category = usage?.step.category ?? 'service';
  const links = options.links ?? placeholderLinks(options.publicUrl);
  const locale = options.locale ?? resolveLocale(order.customer.locale, store);
  return {
    stepId: usage?.step.id ?? options.template,
    category,
    locale,
    timezone: order.customer.timezone ?? store.timezone,
    store,
    customer: { firstName: order.customer.firstName, lastName: order.customer.lastName },
    order,
    products,
    item,
    recommendSkus,
    links: messageLinks({
      store,
      order,
      item,
      products,
      locale,
      unsubscribe: category === 'marketing' ? links.unsubscribe(order) : null,
      asks: usage?.step.asks,
      answerUrl: links.answerUrl(order, messageKey, locale),
    }),
  };
}

/** The sample message rendered by the code real sends use: compiled template, buildContext, renderMessage. */
export async function renderSample(
  contentDir: string,
  options: SampleOptions,
): Promise<{ input: MessageInput; rendered: RenderedMessage }> {
  return renderSampleWith(loadContent(contentDir), new TemplateLibrary(path.join(contentDir, 'templates')), options);
}

/** renderSample with content and templates already loaded, so a page of many samples compiles each template once. */
export async function renderSampleWith(
  content: Content,
  templates: TemplateLibrary,
  options: SampleOptions,
): Promise<{ input: MessageInput; rendered: RenderedMessage }> {
  const input = sampleMessageInput(content, options);
  const rendered = await renderMessage(templates, options.template, input.locale, buildContext(input));
  return { input, rendered };
}
