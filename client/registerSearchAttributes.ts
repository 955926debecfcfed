import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from './searchAttributes';

const GRPC_ALREADY_EXISTS = 6;
/** A server that keeps the operator API from this caller (Temporal Cloud, a key without the rights). */
const GRPC_REFUSED = new Set([7 /* PERMISSION_DENIED */, 12 /* UNIMPLEMENTED */, 16 /* UNAUTHENTICATED */]);

/**
 * Registers the missing search attributes on a namespace (self-hosted clusters; the dev server gets them from its
 * flags). Safe to run again: existing ones are skipped. Returns the names it added. Throws if a name is already
 * registered with another type, since journeys could not set it.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, number> = {};
  for (const key of SEARCH_ATTRIBUTES) {
    const wanted = temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`];
    const existing = customAttributes?.[key.name];
    if (existing === undefined || existing === null) missing[key.name] = wanted;
    else if (existing !== wanted)
      throw new Error(
        `search attribute ${key.name} exists in namespace "${namespace}" with another type than ${CLI_TYPE_NAMES[key.type]}`,
      );
  }
  if (Object.keys(missing).length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    // Another process registered them between our list and add: the end state is the one we want.
    if (code === GRPC_ALREADY_EXISTS) return Object.keys(missing);
    if (typeof code === 'number' && GRPC_REFUSED.has(code)) {
      const flags = SEARCH_ATTRIBUTES.filter((key) => key.name in missing)
        .map((key) => `--search-attribute "${key.name}=${CLI_TYPE_NAMES[key.type]}"`)
        .join(' ');
      throw new Error(
        `the server refused to register search attributes on namespace "${namespace}" (${(err as Error).message}). ` +
          `On Temporal Cloud, register them as a namespace admin: tcld namespace search-attributes add --namespace ${namespace} ${flags} ` +
          '(or in the Cloud UI), then run this again',
        { cause: err },
      );
    }
    throw err;
  }
  return Object.keys(missing);
}
