import type { JourneyEventType } from '../../domain/events';
import { Order, type OrderInput } from '../../domain/order';

/** What happened to an order after it was placed, as the file tells: sent to the journey after the order. */
export interface PastEvent {
  type: Extract<JourneyEventType, 'order.cancelled' | 'order.refunded'>;
  occurredAt: string;
}

/** One order of the file, validated, with where it came from (for messages) and what happened to it since. */
export interface ImportItem {
  order: Order;
  events: PastEvent[];
  /** "orders.csv:12" or "orders.json: orders[3]": where a message about it points. */
  where: string;
}

/** A record of the file that is not an order Afterglow can take, with where and why: never the value itself. */
export interface ImportProblem {
  where: string;
  message: string;
}

/** Everything a file held: the orders, the problems, and the orders that are valid but cannot have a journey. */
export interface ImportFile {
  items: ImportItem[];
  problems: ImportProblem[];
  /** Valid orders with no way to email the customer (a phone-only checkout): counted, never sent. */
  skipped: { where: string; reason: string }[];
}

/**
 * The order as the API would take it, or the problems, each located by `locate` from the Order schema's path (a CSV
 * line and column, a Shopify field). Messages only: values are never echoed.
 */
export function parseOrder(
  input: OrderInput,
  storeId: string,
  locate: (path: PropertyKey[]) => { where: string; field: string },
): { order: Order } | { problems: ImportProblem[] } {
  const parsed = Order.safeParse({ ...input, storeId });
  if (parsed.success) return { order: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const { where, field } = locate(issue.path);
      return { where, message: `${field}: ${issue.message}` };
    }),
  };
}
