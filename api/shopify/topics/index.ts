import type { ShopifyTopic } from '../topicPlan';
import { customersUpdate } from './customers';
import { fulfillmentEventsCreate, fulfillmentsUpdate } from './fulfillments';
import { ordersCancelled, ordersCreate } from './orders';
import { customersDataRequest, customersRedact, shopRedact } from './privacy';
import { refundsCreate } from './refunds';

/** The topics POST /v1/webhooks/shopify handles, by X-Shopify-Topic (docs/integrations/shopify.md). */
export const SHOPIFY_TOPICS: ReadonlyMap<string, ShopifyTopic> = new Map(
  Object.entries({
    'orders/create': ordersCreate,
    'orders/cancelled': ordersCancelled,
    'fulfillment_events/create': fulfillmentEventsCreate,
    'fulfillments/update': fulfillmentsUpdate,
    'refunds/create': refundsCreate,
    'customers/update': customersUpdate,
    'customers/data_request': customersDataRequest,
    'customers/redact': customersRedact,
    'shop/redact': shopRedact,
  }),
);
