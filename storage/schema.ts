import type { ColumnType, Generated } from 'kysely';
import type { Question } from '../domain/answers';
import type { ConsentChange } from '../domain/consent';
import type { AddressBlockReason } from '../rules/consent';
import type { Timestamp } from './columns';

export type LedgerStatus = 'claimed' | 'sent' | 'failed';

/** What is known about an address, kept as its hash; one row per store, address and reason. */
export interface AddressBlocksTable {
  store_id: string;
  email_hash: string;
  customer_id: string | null;
  reason: AddressBlockReason;
  source: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  lifted_at: Timestamp | null;
  lifted_source: string | null;
}

/** The customer's marketing choices. Append-only: the history of a customer's consent is the table. */
export interface ConsentChangesTable {
  id: Generated<number>;
  store_id: string;
  customer_id: string;
  status: ConsentChange['marketing'];
  /** End of a pause. */
  until: ColumnType<Date | string | null, string | null, string | null>;
  source: ConsentChange['source'];
  /** When it was made: the customer's click, or the store's claim capped at when we heard of it. */
  at: Timestamp;
  recorded_at: Timestamp;
  /** How the store says a subscription was confirmed (evidence only); null when it did not say. */
  opt_in_level: ColumnType<
    NonNullable<ConsentChange['optInLevel']> | null,
    NonNullable<ConsentChange['optInLevel']> | null | undefined,
    never
  >;
}

/** Signals to journeys, written with the change they carry and drained to Temporal (storage/outbox.ts). */
export interface OutboxTable {
  id: Generated<number>;
  workflow_id: string;
  signal: string;
  /** JSON array of the signal's arguments. */
  payload: string;
  created_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  /** Also a lease: a drainer moves it ahead while it works on the row. */
  next_attempt_at: Timestamp;
  last_error: string | null;
}

/** Webhook deliveries taken, by the provider's delivery id (replays under another account are refused). */
export interface WebhookDeliveriesTable {
  provider: string;
  delivery_id: string;
  account: string;
  received_at: Timestamp;
}

/** Orders `afterglow import orders` handed to their journeys (storage/orderImports.ts). */
export interface OrderImportsTable {
  store_id: string;
  order_id: string;
  imported_ms: Millis;
}

/** The newest platform time applied per resource of a store's webhooks (storage/webhookResourceVersions.ts). */
export interface WebhookResourceVersionsTable {
  provider: string;
  account: string;
  /** What the deliveries are about, e.g. "customer/42" or "fulfillment/7". */
  resource: string;
  newest_ms: Millis;
  updated_at: Timestamp;
}

/** One row per message idempotency key; `claims` counts claims, so a re-claim can check nobody got there first. */
export interface SendLedgerTable {
  idempotency_key: string;
  status: LedgerStatus;
  message_id: string;
  attempt_id: string;
  claims: number;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
  smtp_response: string | null;
  failure_reason: string | null;
}

/** A customer's answer to a question of an email (storage/answers.ts). */
export interface AnswersTable {
  id: Generated<number>;
  store_id: string;
  customer_id: string;
  order_id: string;
  message_key: string;
  question: Question;
  /** '' for the order as a whole. */
  sku: string;
  choice: string;
  rating: number | null;
  comment: string | null;
  /** 1 for an answer from a test email (0/1 on both dialects). */
  test: ColumnType<number, 0 | 1, 0 | 1>;
  first_answered_at: Timestamp;
  answered_at: Timestamp;
}

/** Epoch milliseconds; PostgreSQL returns bigint as a string, hence Number() wherever one is read. */
type Millis = ColumnType<number | string, number, number>;
type Flag = ColumnType<number, 0 | 1 | undefined, 0 | 1>;

/** An order as it reached the API, with what it is attributed to (measurement/facts.ts). */
export interface FactOrdersTable {
  store_id: string;
  order_id: string;
  customer_id: string;
  email_hash: string;
  placed_ms: Millis;
  currency: string;
  total: number;
  refunded: ColumnType<number, number | undefined, number>;
  click_journey_id: string | null;
  click_step_id: string | null;
  click_message_key: string | null;
  click_journey_version: string | null;
  received_journey_id: string | null;
  received_journey_version: string | null;
  received_step_id: string | null;
  received_message_key: string | null;
  demo: Flag;
  recorded_ms: Millis;
}

/** A store event (delivered, refunded, cancelled, review) as it reached the API. */
export interface FactEventsTable {
  store_id: string;
  order_id: string;
  customer_id: string;
  type: string;
  /** The store's id of the event when it has one (a refund's), else '': one row per order, type and key. */
  event_key: ColumnType<string, string | undefined, string>;
  /** A refund's amount, in `currency` (null: the order's); null for other events and refunds of the whole order. */
  amount: number | null;
  currency: string | null;
  occurred_ms: Millis;
  recorded_ms: Millis;
}

export type MessageOutcome =
  'sent' | 'deferred' | 'skipped' | 'failed' | 'bounced' | 'unsubscribed' | 'complained' | 'opened';

/** What became of a message: one row per message and outcome. */
export interface FactMessagesTable {
  id: Generated<number>;
  store_id: string;
  customer_id: string;
  order_id: string;
  message_key: string;
  journey_id: string;
  journey_version: string;
  step_id: string;
  category: string;
  outcome: MessageOutcome;
  reason_kind: string | null;
  reason: string | null;
  holdout: Flag;
  at_ms: Millis;
  demo: Flag;
}

/** Message outcomes counted per UTC day and step: what the funnel reads (measurement/messageDays.ts). */
export interface FactMessageDaysTable {
  store_id: string;
  journey_id: string;
  day: number;
  journey_version: string;
  step_id: string;
  category: string;
  outcome: MessageOutcome;
  /** '' when none. */
  reason_kind: string;
  demo: 0 | 1;
  messages: number;
  first_ms: Millis;
}

/** A click on a tracked link of a message; `bot_reason` says why it looks like a machine's. */
export interface FactClicksTable {
  id: Generated<number>;
  store_id: string;
  customer_id: string;
  message_key: string;
  journey_id: string;
  /** Of the message clicked (null when its 'sent' fact is unknown). */
  journey_version: string | null;
  step_id: string;
  link: string;
  clicked_ms: Millis;
  bot_reason: string | null;
  demo: Flag;
}

/** A customer entering a journey with an order, treated or held out (measurement/holdout.ts). */
export interface JourneyEntriesTable {
  store_id: string;
  journey_id: string;
  customer_id: string;
  order_id: string;
  journey_version: string;
  holdout: 0 | 1;
  entered_ms: Millis;
  demo: Flag;
}

/** A customer's data key, wrapped under the vault's master key (privacy/vault.ts); deleted by their erasure. */
export interface CustomerKeysTable {
  key_ref: string;
  store_id: string;
  customer_id: string;
  /** `masterKeyId:base64(iv || ciphertext || tag)`. */
  wrapped_key: string;
  created_at: Timestamp;
}

export type PrivacyRequestKind = 'export' | 'erasure' | 'store-erasure';

/** An export or erasure, stored before it is acknowledged and carried out until done (privacy/requestStore.ts). */
export interface PrivacyRequestsTable {
  id: string;
  kind: PrivacyRequestKind;
  store_id: string;
  customer_id: string | null;
  source: string;
  status: 'pending' | 'done';
  /** JSON array of the sha256 hashes of the addresses the requester named. */
  email_hashes: string;
  /** The export, sealed under the customer's key. */
  result: string | null;
  detail: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  requested_at: Timestamp;
  next_attempt_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface Database {
  fact_orders: FactOrdersTable;
  fact_events: FactEventsTable;
  fact_messages: FactMessagesTable;
  fact_message_days: FactMessageDaysTable;
  fact_clicks: FactClicksTable;
  journey_entries: JourneyEntriesTable;
  answers: AnswersTable;
  address_blocks: AddressBlocksTable;
  consent_changes: ConsentChangesTable;
  outbox: OutboxTable;
  send_ledger: SendLedgerTable;
  webhook_deliveries: WebhookDeliveriesTable;
  order_imports: OrderImportsTable;
  webhook_resource_versions: WebhookResourceVersionsTable;
  customer_keys: CustomerKeysTable;
  privacy_requests: PrivacyRequestsTable;
}
