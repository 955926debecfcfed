import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial';
import * as oneOptOutModel from './0002_one_opt_out_model';
import * as webhookDeliveries from './0003_webhook_deliveries';
import * as answers from './0004_answers';
import * as measurement from './0005_measurement';
import * as reportSpeed from './0006_report_speed';
import * as sendLedgerMessageId from './0007_send_ledger_message_id';
import * as orderImports from './0008_order_imports';
import * as webhookResourcesAndRefunds from './0009_webhook_resources_and_refunds';
import * as privacy from './0010_privacy';

/**
 * Every migration, by name; the Migrator applies them in name order. Listed in code rather than found on disk,
 * so they work the same from ts sources, a bundle or a compiled build. Add new ones at the end; never edit one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_one_opt_out_model': oneOptOutModel,
  '0003_webhook_deliveries': webhookDeliveries,
  '0004_answers': answers,
  '0005_measurement': measurement,
  '0006_report_speed': reportSpeed,
  '0007_send_ledger_message_id': sendLedgerMessageId,
  '0008_order_imports': orderImports,
  '0009_webhook_resources_and_refunds': webhookResourcesAndRefunds,
  '0010_privacy': privacy,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
