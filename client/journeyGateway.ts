import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { JourneyEvent } from '../domain/events';
import type { Order } from '../domain/order';
import { customerWorkflowId, journeyEvent, orderPlaced } from '../workflows/signals';
import type { customerJourney } from '../workflows/customerJourney';
import { CustomerId, StoreId } from './searchAttributes';
import { withTemporalDeadline } from './temporalUnavailable';

/** Raised when an event names a customer who has no journey (no order was ever received for them). */
export class JourneyNotFoundError extends Error {}

/**
 * How the API reaches customers' journeys; a seam so the HTTP layer can be tested on its own. Both calls give up
 * after a few seconds with TemporalUnavailableError when Temporal does not answer: nothing was done.
 */
export interface JourneyGateway {
  /** Signal-with-start the customer's workflow with the order; returns its workflow id. */
  placeOrder(order: Order): Promise<{ workflowId: string }>;
  /** Signal the customer's workflow; throws JourneyNotFoundError when there is none. */
  reportEvent(event: JourneyEvent): Promise<{ workflowId: string }>;
}

/** The gateway's `searchAttributes` for the AFTERGLOW_SEARCH_ATTRIBUTES setting. */
export function searchAttributesOf(setting: 'full' | 'lean' | 'off'): boolean | 'lean' {
  return setting === 'off' ? false : setting === 'lean' ? 'lean' : true;
}

/**
 * `searchAttributes`: the namespace has Afterglow's search attributes (npm start and `registerSearchAttributes`
 * register them); Temporal's time-skipping test server cannot, so tests and simulations turn them off. `'lean'`
 * keeps them with fewer billed upserts (AFTERGLOW_SEARCH_ATTRIBUTES, rules/searchAttributes.ts).
 * `maxHistoryEvents`: new journeys continue as new at this history length instead of the workflow's default; the
 * history recorder sets it low so that a continue-as-new happens within seconds.
 */
export function temporalJourneyGateway(
  client: Client,
  taskQueue: string,
  {
    searchAttributes = true,
    maxHistoryEvents,
  }: { searchAttributes?: boolean | 'lean'; maxHistoryEvents?: number } = {},
): JourneyGateway {
  return {
    async placeOrder(order) {
      const workflowId = customerWorkflowId(order.storeId, order.customer.id);
      await withTemporalDeadline(client, () =>
        client.workflow.signalWithStart<typeof customerJourney, [Order]>('customerJourney', {
          workflowId,
          taskQueue,
          args: [
            {
              v: 1,
              storeId: order.storeId,
              customerId: order.customer.id,
              searchAttributes,
              ...(maxHistoryEvents && { maxHistoryEvents }),
            },
          ],
          typedSearchAttributes: searchAttributes
            ? [
                { key: CustomerId, value: order.customer.id },
                { key: StoreId, value: order.storeId },
              ]
            : undefined,
          signal: orderPlaced,
          signalArgs: [order],
          // Ids only: summaries are stored in the clear on the server.
          staticSummary: `Customer ${order.customer.id} · store ${order.storeId}`,
        }),
      );
      return { workflowId };
    },
    async reportEvent(event) {
      const workflowId = customerWorkflowId(event.storeId, event.customerId);
      try {
        await withTemporalDeadline(client, () => client.workflow.getHandle(workflowId).signal(journeyEvent, event));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError)
          throw new JourneyNotFoundError(`no journey for customer "${event.customerId}" in store "${event.storeId}"`);
        throw err;
      }
      return { workflowId };
    },
  };
}
