import type { Product } from '../definitions/catalogSchema';
import type { Question } from '../domain/answers';
import { QUESTIONS } from '../domain/answers';
import { type Locale, pick } from '../definitions/localized';
import type { StoreSettings } from '../definitions/storeSchema';
import type { MessageItem } from '../rules/journeyState';
import { itemSkus } from '../rules/messageItems';
import type { MessageInput } from './buildContext';

/** The URL of one answer link: question, the choice it stands for, and the product it is about. */
export type AnswerUrl = (question: Question, choice: string, sku?: string) => string;

/** The win-back reasons as template-friendly names. */
const REASON_NAMES = {
  'still-have-some': 'stillHaveSome',
  'didnt-work': 'didntWork',
  'too-expensive': 'tooExpensive',
  'bought-elsewhere': 'boughtElsewhere',
  'something-else': 'somethingElse',
} as const;

/** The links of one message, built one way for real sends and previews. */
export function messageLinks(options: {
  store: StoreSettings;
  order: { storeId: string; orderId: string; lineItems: { sku: string; title: string }[] };
  item: MessageItem;
  products: Record<string, Product>;
  locale: Locale;
  /** Marketing only: the one-click/preference link; null on service messages. */
  unsubscribe: { unsubscribeUrl: string; preferencesUrl: string } | null;
  /** The question the message asks (its step's `asks`), and how its answer links are made. */
  asks?: Question;
  answerUrl: AnswerUrl;
}): MessageInput['links'] {
  const { store, order, item, products, locale, unsubscribe, asks, answerUrl } = options;
  const skus = itemSkus(item) ?? [...new Set(order.lineItems.map((l) => l.sku))];
  const name = (sku: string) =>
    products[sku] ? pick(products[sku].name, locale) : (order.lineItems.find((l) => l.sku === sku)?.title ?? sku);
  const ratings =
    asks === 'feedback'
      ? skus.map((sku) => ({
          sku,
          name: name(sku),
          scores: QUESTIONS.feedback.map((choice) => ({
            value: Number(choice),
            url: answerUrl('feedback', choice, sku),
          })),
        }))
      : [];
  const reasons =
    asks === 'win-back'
      ? (Object.fromEntries(
          QUESTIONS['win-back'].map((choice) => [REASON_NAMES[choice], answerUrl('win-back', choice)]),
        ) as Record<(typeof REASON_NAMES)[keyof typeof REASON_NAMES], string>)
      : null;
  return {
    shop: store.url,
    reorder: reorderUrl(store, products, skus),
    unsubscribe: unsubscribe?.unsubscribeUrl ?? null,
    preferences: unsubscribe?.preferencesUrl ?? null,
    ratings,
    reasons,
  };
}

/**
 * Where "order again" goes: the store's cart link with the product in it when the store has one (`cartUrl` with
 * `{sku}`), else the product's page; for several products, the first one the message is about.
 */
function reorderUrl(store: StoreSettings, products: Record<string, Product>, skus: string[]): string {
  const sku = skus[0];
  if (sku && store.cartUrl) return store.cartUrl.replace('{sku}', encodeURIComponent(sku));
  return (sku && products[sku]?.url) || store.url;
}
