import { emailHash } from '../storage/email';
import type { PrivacyRequests } from './privacyRequests';
import type { PrivacyRequestStore } from './requestStore';
import { ErasedDataError, type PersonalDataVault } from './vault';

/** A request as the store sees it: where it stands, and the export once it is ready. */
export interface PrivacyRequestView {
  id: string;
  kind: 'export' | 'erasure' | 'store-erasure';
  storeId: string;
  customerId?: string;
  source: string;
  status: 'pending' | 'done';
  requestedAt: string;
  completedAt?: string;
  /** What was done (counts of what was removed), or why it is not done yet. */
  detail?: string;
  /** The export; null when the customer was erased since (it cannot be opened any more). */
  export?: unknown;
}

/**
 * The PrivacyRequests interface: each request is stored (addresses only as hashes) before its id is returned, then
 * handed to the processor at once; if that attempt fails (Temporal down) the processor tries again until done.
 */
export function privacyRequestService(
  requests: PrivacyRequestStore,
  { vault, process }: { vault?: PersonalDataVault; process?: (ids: string[]) => Promise<unknown> },
) {
  const stored = async (input: Parameters<PrivacyRequestStore['create']>[0]) => {
    const requestId = await requests.create(input);
    // Not awaited: the requester has its answer once the request is stored; the processor logs its own failures.
    void process?.([requestId]).catch(() => undefined);
    return { requestId };
  };

  async function openExport(sealed: string): Promise<unknown> {
    try {
      return JSON.parse(vault ? (await vault.open({ data: sealed })).data : sealed);
    } catch (err) {
      if (err instanceof ErasedDataError) return null;
      throw err;
    }
  }

  const service: PrivacyRequests & { status(id: string): Promise<PrivacyRequestView | undefined> } = {
    requestExport: ({ storeId, customerId, source }) => stored({ kind: 'export', storeId, customerId, source }),
    requestErasure: ({ storeId, customerId, source, emails = [] }) =>
      stored({ kind: 'erasure', storeId, customerId, source, emailHashes: [...new Set(emails.map(emailHash))] }),
    requestStoreErasure: ({ storeId, source }) => stored({ kind: 'store-erasure', storeId, source }),

    async status(id) {
      const request = await requests.get(id);
      if (!request) return undefined;
      return {
        id: request.id,
        kind: request.kind,
        storeId: request.storeId,
        ...(request.customerId !== undefined && { customerId: request.customerId }),
        source: request.source,
        status: request.status,
        requestedAt: request.requestedAt.toISOString(),
        ...(request.completedAt && { completedAt: request.completedAt.toISOString() }),
        ...(request.detail !== undefined && { detail: request.detail }),
        ...(request.kind === 'export' &&
          request.status === 'done' && {
            export: request.sealedResult === undefined ? null : await openExport(request.sealedResult),
          }),
      };
    },
  };
  return service;
}
export type PrivacyRequestService = ReturnType<typeof privacyRequestService>;
