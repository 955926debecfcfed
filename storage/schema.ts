import type { ColumnType, Generated } from 'kysely';
import type { ConsentChange } from '../domain/consent';
import type { AddressBlockReason } from '../rules/consent';
import type { Timestamp } from './columns';

export const ledgerStatuses = ['claimed', 'sent', 'failed'] as const;
export type LedgerStatus = (typeof ledgerStatuses)[number];

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

export interface Database {
  address_blocks: AddressBlocksTable;
  consent_changes: ConsentChangesTable;
  outbox: OutboxTable;
  send_ledger: SendLedgerTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
