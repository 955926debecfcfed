import type * as Schemas from '../domain/supportActions';

let loaded: typeof Schemas | undefined;

/**
 * The zod schemas of the support updates, loaded on the first update. Every module of the workflow bundle is
 * initialised again for each workflow, and zod's was most of that cost (time to open a journey, memory per cached
 * journey); only a journey that receives an update needs it.
 */
export function updateSchemas(): typeof Schemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (see above)
  return (loaded ??= require('../domain/supportActions') as typeof Schemas);
}
