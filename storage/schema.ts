import type { ColumnType, Generated } from 'kysely';
import type { Flag, Timestamp } from './columns';

export const suppressionReasons = ['hard-bounce', 'complaint', 'unsubscribe', 'support', 'pause'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];
export const suppressionScopes = ['marketing', 'all'] as const;
export type SuppressionScope = (typeof suppressionScopes)[number];
export const consentSources = ['order', 'unsubscribe', 'preference-page', 'support', 'event'] as const;
export type ConsentSource = (typeof consentSources)[number];
export const ledgerStatuses = ['claimed', 'sent', 'failed'] as const;
export type LedgerStatus = (typeof ledgerStatuses)[number];

/** One row per store, address and reason: repeating a suppression (a retried webhook) updates it in place. */
export interface SuppressionsTable {
  store_id: string;
  email_hash: string;
  customer_id: string | null;
  reason: SuppressionReason;
  scope: SuppressionScope;
  until: Timestamp | null;
  source: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  lifted_at: Timestamp | null;
  lifted_source: string | null;
}

/** Append-only: a row is never updated or deleted, so the history of a customer's consent is the table. */
export interface ConsentChangesTable {
  id: Generated<number>;
  store_id: string;
  customer_id: string;
  marketing: Flag;
  /** End of a pause: a withdrawal with an end is a pause, without one an unsubscribe. */
  until: ColumnType<Date | string | null, string | null, string | null>;
  source: ConsentSource;
  at: Timestamp;
  recorded_at: Timestamp;
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
  suppressions: SuppressionsTable;
  consent_changes: ConsentChangesTable;
  send_ledger: SendLedgerTable;
}
