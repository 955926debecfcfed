import { log } from '@temporalio/activity';
import type { Product } from '../definitions/catalogSchema';
import type { Content } from '../definitions/content';
import type { OptOutStore } from '../storage/optOuts';
import type { FactStore } from '../measurement/facts';
import { inHoldout } from '../measurement/holdout';
import { DEFAULT_HOLDOUT } from '../definitions/journeySchema';
import { storeSettings } from '../definitions/loadStores';
import { journeyMatches } from '../rules/trigger';
import { meetsVip } from '../rules/conditions';
import { orderSkus } from '../rules/planRun';
import { emailSearchHash } from '../credentials/emailSearchHash';
import type { PlanOrderInput, PlanOrderResult } from './types';

/** Picks the journeys an order starts and pins each to the definition, catalog data and templates of this moment. */
export function createPlanOrder(
  content: () => Content,
  optOuts: Pick<OptOutStore, 'currentChoice'>,
  facts: Pick<FactStore, 'recordEntries'>,
  /** Keys the EmailHash search attribute; the workflow cannot hash (no secret, no crypto in its sandbox), so this does. */
  emailHashSecret?: string,
) {
  return async function planOrder({ order, firstOrder, journeyId, loyalty }: PlanOrderInput): Promise<PlanOrderResult> {
    const { journeys, products: catalog, stores, contentSet } = content();
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
    const becameVip = !!loyalty && !loyalty.wasVip && meetsVip(loyalty, store.vip);
    const plans = journeys
      .filter(({ definition }) =>
        journeyId
          ? definition.id === journeyId
          : journeyMatches(definition, order, { firstOrder, becameVip }, products),
      )
      .map(({ definition, version }) => {
        const heldOut = inHoldout(
          order.storeId,
          order.customer.id,
          definition.id,
          definition.holdout ?? DEFAULT_HOLDOUT,
        );
        return {
          journey: definition,
          version,
          ...(contentSet && { contentSet }),
          store,
          products,
          ...(heldOut && { heldOut }),
        };
      });
    // Who entered which journey, treated or held out: the two groups the report compares. A migration is no entry,
    // nor is an imported order: it is history, sent next to nothing, and would dilute the treated group.
    if (!journeyId && !order.imported)
      await facts.recordEntries(
        plans.map((plan) => ({
          storeId: order.storeId,
          journeyId: plan.journey.id,
          customerId: order.customer.id,
          orderId: order.orderId,
          journeyVersion: plan.version,
          heldOut: !!plan.heldOut,
          at: Date.parse(order.placedAt),
        })),
      );
    // A choice made before the journey existed (an unsubscribe before the first order) never reached it as a signal.
    const consent = journeyId
      ? undefined
      : await optOuts.currentChoice({ storeId: order.storeId, customerId: order.customer.id });
    const emailHash =
      emailHashSecret && order.customer.email ? emailSearchHash(emailHashSecret, order.customer.email) : undefined;
    return {
      plans,
      warnings,
      ...(consent && { consent }),
      ...(becameVip && { becameVip }),
      ...(emailHash && { emailHash }),
    };
  };
}
