import { answerStore } from './answers';
import { openDatabase } from './database';
import { optOutStore } from './optOuts';
import { outboxStore } from './outbox';
import { sendLedger } from './sendLedger';
import { webhookDeliveryStore } from './webhookDeliveries';
import { webhookResourceVersions } from './webhookResourceVersions';
import { factStore } from '../measurement/facts';

/** The stores a process needs, over one database connection (SQLite file or PostgreSQL pool). */
export async function openStores(options: { databaseUrl?: string; dataDir: string }) {
  const storage = await openDatabase(options);
  return {
    db: storage.db,
    answers: answerStore(storage.db),
    ledger: sendLedger(storage.db),
    optOuts: optOutStore(storage.db),
    outbox: outboxStore(storage.db),
    facts: factStore(storage.db),
    webhookDeliveries: webhookDeliveryStore(storage.db),
    webhookResources: webhookResourceVersions(storage.db),
    dialect: storage.dialect,
    close: () => storage.close(),
  };
}
export type Stores = Awaited<ReturnType<typeof openStores>>;
