import type { Product } from '../definitions/catalogSchema';
import type { StoreSettings } from '../definitions/storeSchema';
import type { MessageItem } from '../rules/journeyState';
import type { MessageInput } from './buildContext';

/** The links of one message, built one way for real sends and previews. */
export function messageLinks(options: {
  publicUrl: string;
  store: StoreSettings;
  order: { storeId: string; orderId: string };
  item: MessageItem;
  products: Record<string, Product>;
  /** Marketing only: the one-click/preference link; null on service messages. */
  unsubscribe: { unsubscribeUrl: string; preferencesUrl: string } | null;
}): MessageInput['links'] {
  const { publicUrl, store, order, item, products, unsubscribe } = options;
  return {
    shop: store.url,
    feedback: `${publicUrl}/feedback/${encodeURIComponent(order.storeId)}/${encodeURIComponent(order.orderId)}`,
    // One product's page; a message about the order or several products goes to the shop.
    reorder: (item && item.kind !== 'combined' && products[item.sku]?.url) || store.url,
    unsubscribe: unsubscribe?.unsubscribeUrl ?? null,
    preferences: unsubscribe?.preferencesUrl ?? null,
  };
}
