import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { OptOutStore } from '../storage/optOuts';
import type { Database } from '../storage/schema';
import { carryOut } from './carryOut';
import { databaseErasure } from './databaseErasure';
import { privacyRequestProcessor } from './requestProcessor';
import { privacyRequestService } from './privacyRequestService';
import { privacyRequestStore } from './requestStore';
import { temporalJourneys } from './temporalJourneys';
import type { PersonalDataVault } from './vault';

/** The privacy requests service and its processor over one database and Temporal client (API, CLI and tests alike). */
export function privacySetup({
  db,
  optOuts,
  client,
  vault,
  now,
  intervalMs,
  log,
  processOnRequest = true,
}: {
  db: Kysely<Database>;
  optOuts: Pick<OptOutStore, 'blockAddressHash'>;
  client: Client;
  vault?: PersonalDataVault;
  now?: () => Date;
  intervalMs?: number;
  log?: (line: string) => void;
  /** Start on a request as soon as it is stored (the API); the CLI runs it itself and waits for the outcome. */
  processOnRequest?: boolean;
}) {
  const requests = privacyRequestStore(db, now);
  const run = carryOut({ db, journeys: temporalJourneys(client), database: databaseErasure(db, optOuts), vault, now });
  const processor = privacyRequestProcessor(requests, run, { intervalMs, log });
  const service = privacyRequestService(requests, { vault, process: processOnRequest ? processor.process : undefined });
  return { service, processor };
}
