import { log } from '@temporalio/activity';
import type { Product } from '../definitions/catalogSchema';
import type { Content } from '../definitions/content';
import type { OptOutStore } from '../storage/optOuts';
import { storeSettings } from '../definitions/loadStores';
import { journeyMatches } from '../rules/trigger';
import { orderSkus } from '../rules/planRun';
import type { PlanOrderInput, PlanOrderResult } from './types';

/** Picks the journeys an order starts and pins each to the definition and catalog data of this moment. */
export function createPlanOrder(content: () => Content, optOuts: Pick<OptOutStore, 'currentChoice'>) {
  return async function planOrder({ order, firstOrder, journeyId }: PlanOrderInput): Promise<PlanOrderResult> {
    const { journeys, products: catalog, stores } = content();
    const products: Record<string, Product> = {};
    const warnings: string[] = [];
    for (const { sku } of orderSkus(order)) {
      const product = catalog.get(sku);
      if (!product) {
        // Generic copy still goes out; the catalog owner needs to know. Ids only in logs.
        log.warn('product not in catalog: the journey uses generic copy', { sku, orderId: order.orderId });
        warnings.push(`product ${sku} is not in the catalog: generic copy`);
        continue;
      }
      products[sku] = product;
      for (const related of [...product.crossSell, ...product.upsell]) {
        const relatedProduct = catalog.get(related);
        if (relatedProduct) products[related] = relatedProduct;
      }
    }
    const store = storeSettings(stores, order.storeId);
    const plans = journeys
      .filter(({ definition }) => (journeyId ? definition.id === journeyId : journeyMatches(definition, order, { firstOrder }, products)))
      .map(({ definition, version }) => ({ journey: definition, version, store, products }));
    // A choice made before the journey existed (an unsubscribe before the first order) never reached it as a signal.
    const consent = journeyId ? undefined : await optOuts.currentChoice({ storeId: order.storeId, customerId: order.customer.id });
    return { plans, warnings, ...(consent && { consent }) };
  };
}
