/** The customer journey's signals and query, and its input: what clients send it and ask of it. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AnswerSignal } from '../domain/answers';
import type { ConsentChange } from '../domain/consent';
import type { JourneyEvent } from '../domain/events';
import type { MessageDelivery } from '../domain/mailEvents';
import type { Order } from '../domain/order';
import type { CustomerState } from '../rules/journeyState';

/** A store placed an order for this customer (sent with signal-with-start). */
export const orderPlaced = defineSignal<[Order]>('orderPlaced');
/** A store reported something about one of the customer's orders. */
export const journeyEvent = defineSignal<[JourneyEvent]>('journeyEvent');
/** The customer changed their marketing choice; applies to every message not yet sent. */
export const consentChanged = defineSignal<[ConsentChange]>('consentChanged');
/** The customer answered a question of an email (a rating, a win-back reason): stored first, see client/answerRecorder.ts. */
export const answerReceived = defineSignal<[AnswerSignal]>('answerReceived');
/** The mail provider reported a bounce or a complaint about one of the journey's messages (client/mailEventRecorder.ts). */
export const messageDelivery = defineSignal<[MessageDelivery]>('messageDelivery');
/** The customer's whole journey state, as JSON. */
export const journeyState = defineQuery<CustomerState>('journeyState');

/** Versioned so that a later shape can still start from an older run's continue-as-new input. */
export interface CustomerJourneyInput {
  v: 1;
  storeId: string;
  customerId: string;
  /** Present after continue-as-new. */
  state?: CustomerState;
  /** Signals received but not yet handled when the previous run continued as new. */
  inbox?: InboxItem[];
  /**
   * The server has Afterglow's search attributes registered: keep them up to date (off on the test server).
   * `true` is the full set; `'lean'` trades NextMessageAt for fewer billed upserts (rules/searchAttributes.ts).
   */
  searchAttributes?: boolean | 'lean';
  /** Continue-as-new once the history has this many events (default 4,000); tests set it low. */
  maxHistoryEvents?: number;
}

export type InboxItem =
  | { kind: 'order'; order: Order }
  | { kind: 'event'; event: JourneyEvent }
  | { kind: 'consent'; change: ConsentChange }
  | { kind: 'answer'; answer: AnswerSignal }
  | { kind: 'delivery'; delivery: MessageDelivery };

/** One workflow per customer per store: every order of theirs goes to the same journey. */
export function customerWorkflowId(storeId: string, customerId: string): string {
  return `customer/${storeId}/${customerId}`;
}

/** The store and customer of a `customerWorkflowId`, or undefined for another kind of id. */
export function ownerOfWorkflowId(workflowId: string): { storeId: string; customerId: string } | undefined {
  const match = /^customer\/([^/]+)\/(.+)$/.exec(workflowId);
  return match ? { storeId: match[1], customerId: match[2] } : undefined;
}
