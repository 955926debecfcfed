import type { Kysely } from 'kysely';
import type { CustomerState } from '../rules/journeyState';
import { emailHash } from '../storage/email';
import type { Database } from '../storage/schema';
import { customerExport } from './customerExport';
import type { DatabaseErasure } from './databaseErasure';
import { openJourneyState } from './personalFields';
import { isSealed } from './sealedFormat';
import type { PrivacyRequest } from './requestStore';
import type { TemporalJourneys } from './temporalJourneys';
import { ErasedDataError, type CustomerRef, type PersonalDataVault } from './vault';

export interface CarryOutDeps {
  db: Kysely<Database>;
  journeys: TemporalJourneys;
  database: DatabaseErasure;
  /** Without one (no AFTERGLOW_VAULT_KEYS), nothing was sealed: states are plain and exports are kept as they are. */
  vault?: PersonalDataVault;
  now?: () => Date;
}

/** What a request left: a summary with no personal data, and an export (sealed under the customer's key). */
export interface Outcome {
  detail: string;
  sealedResult?: string;
}

/** The journey state with its addresses and names opened; as it is when the customer's key is already gone. */
async function opened(
  vault: PersonalDataVault | undefined,
  state: CustomerState | undefined,
): Promise<CustomerState | undefined> {
  if (!state || !vault) return state;
  try {
    return await openJourneyState(vault, state);
  } catch (err) {
    if (err instanceof ErasedDataError) return state;
    throw err;
  }
}

/** Every address of the state (the current contact, each run's order) that could be opened (a sealed one is unreadable). */
function addressesOf(state: CustomerState | undefined): string[] {
  if (!state) return [];
  return [state.contact.email, ...state.runs.map((run) => run.order.customer.email)].filter(
    (email) => email && !isSealed(email),
  );
}

/**
 * Carries out one privacy request. Each step can be run again: a request interrupted (Temporal down, the process
 * killed) is retried from the start and ends in the same place.
 */
export function carryOut(deps: CarryOutDeps) {
  const now = deps.now ?? (() => new Date());

  /**
   * Erases one customer, in the order that keeps a retry able to finish: addresses collected while they can still be
   * opened, the journey ended and deleted, the key destroyed (every sealed copy anywhere becomes unreadable), then
   * the database rows, the hashes of the addresses staying on the suppression list.
   */
  async function erase(customer: CustomerRef, requestedHashes: string[]): Promise<Record<string, number>> {
    const state = await opened(deps.vault, await deps.journeys.state(customer.storeId, customer.customerId));
    const hashes = new Set([
      ...requestedHashes,
      ...addressesOf(state).map(emailHash),
      ...(await deps.database.emailHashesOf(customer)),
    ]);
    const runs = await deps.journeys.erase(customer.storeId, customer.customerId);
    const key = deps.vault ? await deps.vault.destroy(customer) : false;
    const rows = await deps.database.erase(customer, [...hashes]);
    return { journeyRuns: runs, keys: key ? 1 : 0, ...rows };
  }

  async function exportOf(customer: CustomerRef): Promise<Outcome> {
    const state = await opened(deps.vault, await deps.journeys.state(customer.storeId, customer.customerId));
    const hashes = [
      ...new Set([...addressesOf(state).map(emailHash), ...(await deps.database.emailHashesOf(customer))]),
    ];
    const data = JSON.stringify(await customerExport(deps.db, customer, state, hashes, now()));
    const sealedResult = deps.vault ? (await deps.vault.seal(customer, { data })).data : data;
    return { detail: 'export ready', sealedResult };
  }

  return async function run(request: PrivacyRequest): Promise<Outcome> {
    const { storeId } = request;
    if (request.kind === 'export') return exportOf({ storeId, customerId: request.customerId! });
    if (request.kind === 'erasure')
      return { detail: JSON.stringify(await erase({ storeId, customerId: request.customerId! }, request.emailHashes)) };
    const customers = new Set([
      ...(await deps.database.customersOf(storeId)),
      ...(await deps.journeys.customersOf(storeId)),
    ]);
    for (const customerId of customers) await erase({ storeId, customerId }, []);
    return { detail: JSON.stringify({ customers: customers.size }) };
  };
}
