import { openDatabase } from './database';
import { sendLedger } from './sendLedger';
import { suppressionStore } from './suppressions';
import { consentStore } from './consent';

/** The stores a process needs, over one database connection (SQLite file or PostgreSQL pool). */
export async function openStores(options: { databaseUrl?: string; dataDir: string }) {
  const storage = await openDatabase(options);
  return {
    ledger: sendLedger(storage.db),
    suppressions: suppressionStore(storage.db),
    consent: consentStore(storage.db),
    dialect: storage.dialect,
    close: storage.close,
  };
}
export type Stores = Awaited<ReturnType<typeof openStores>>;
