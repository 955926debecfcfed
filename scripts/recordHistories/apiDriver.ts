import type { FastifyInstance } from 'fastify';
import type { ConsentChange } from '../../domain/consent';
import type { JourneyEventInput } from '../../domain/events';
import type { OrderInput } from '../../domain/order';
import type { SupportActionResult } from '../../domain/supportActions';
import type { CustomerState } from '../../rules/journeyState';

type Headers = Record<string, string>;
type ConsentInput = Omit<ConsentChange, 'source' | 'storeId'> & { storeId?: string };

/**
 * Calls the HTTP API the way a store and support do, in process (`app.inject` runs the same routing, validation
 * and auth hooks as a listening server). Every call must get the status the API documents, else it throws with
 * the answer.
 */
export function apiDriver(app: FastifyInstance, { adminToken, storeKey }: { adminToken: string; storeKey: string }) {
  const storeHeaders: Headers = { 'content-type': 'application/json', authorization: `Bearer ${storeKey}` };
  const adminHeaders: Headers = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };

  async function call<T>(
    method: 'GET' | 'POST',
    url: string,
    headers: Headers,
    expected: number,
    body?: unknown,
  ): Promise<T> {
    const response = await app.inject({
      method,
      url,
      headers,
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
    if (response.statusCode !== expected)
      throw new Error(`${method} ${url} answered ${response.statusCode} (expected ${expected}): ${response.body}`);
    return response.json<T>();
  }
  const customer = (customerId: string) => `/v1/customers/${encodeURIComponent(customerId)}`;

  return {
    order: (order: OrderInput) => call<{ workflowId: string }>('POST', '/v1/orders', storeHeaders, 202, order),
    event: (event: JourneyEventInput) => call<{ workflowId: string }>('POST', '/v1/events', storeHeaders, 202, event),
    consent: (change: ConsentInput) => call<{ recorded: true }>('POST', '/v1/consent', storeHeaders, 202, change),
    /** The journey state, as support's admin API answers it. */
    status: (customerId: string) =>
      call<CustomerState>('GET', `${customer(customerId)}?storeId=default`, adminHeaders, 200),
    /** A support action (`pause`, `skip-next`, …) with `{ by, reason, … }`. */
    support: (customerId: string, action: string, input: Record<string, string>) =>
      call<SupportActionResult>('POST', `${customer(customerId)}/${action}?storeId=default`, adminHeaders, 200, input),
  };
}

export type ApiDriver = ReturnType<typeof apiDriver>;
