import type { Client } from '@temporalio/client';
import type { OrderInput } from '../../domain/order';
import type { CustomerState, PlannedMessage } from '../../rules/journeyState';
import type { SmtpSink } from '../../devtools/smtpSink';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import type { ApiDriver } from './apiDriver';
import { eventually } from './waits';

/** What the scenarios drive: the API as each deployment configures it, and what they need to watch the journeys. */
export interface Recording {
  /** AFTERGLOW_SEARCH_ATTRIBUTES=full (the default). */
  full: ApiDriver;
  /** AFTERGLOW_SEARCH_ATTRIBUTES=lean. */
  lean: ApiDriver;
  /** Full, with journeys that continue as new after a few events. */
  shortHistory: ApiDriver;
  client: Client;
  sink: SmtpSink;
}

/** One workflow run to save as test/histories/<name>-<date>.json. */
export interface RecordedRun {
  name: string;
  workflowId: string;
  runId: string;
}

export const BY = { by: 'history-recorder', reason: 'recording a replay history' };

export const now = () => new Date().toISOString();

/** An order of `skus` at $20 each, placed now, by a made-up customer in a zone where the send window is open. */
export function orderOf(customerId: string, orderId: string, skus: string[]): OrderInput {
  return {
    orderId,
    placedAt: now(),
    currency: 'USD',
    total: `${20 * skus.length}.00`,
    customer: {
      id: customerId,
      email: `${customerId}@example.com`,
      firstName: 'Ada',
      locale: 'en-US',
      timezone: zoneInsideSendWindow(),
      acceptsMarketing: true,
    },
    lineItems: skus.map((sku) => ({ sku, title: sku, quantity: 1, unitPrice: '20.00' })),
  };
}

const messagesOf = (state: CustomerState, orderId: string, stepId: string): PlannedMessage[] =>
  state.runs.filter((r) => r.orderId === orderId).flatMap((r) => r.messages.filter((m) => m.stepId === stepId));

/** Waits (up to `timeoutMs` beyond the usual 30 s) until every `stepId` message of the order is sent; returns them. */
export function sent(
  api: ApiDriver,
  customerId: string,
  orderId: string,
  stepId: string,
  timeoutMs = 0,
): Promise<PlannedMessage[]> {
  return eventually(
    `${customerId}'s ${stepId} of order ${orderId} to be sent`,
    async () => {
      const messages = messagesOf(await api.status(customerId), orderId, stepId);
      return messages.length > 0 && messages.every((m) => m.status === 'sent') && messages;
    },
    30_000 + timeoutMs,
  );
}

/** Waits until the journey state satisfies `done` (what the customer's workflow answers to support's status call). */
export function stateShows(
  api: ApiDriver,
  customerId: string,
  what: string,
  done: (state: CustomerState) => boolean,
): Promise<CustomerState> {
  return eventually(`${customerId}'s journey to show ${what}`, async () => {
    const state = await api.status(customerId);
    return done(state) && state;
  });
}
