import { repeatEvery } from '../client/repeatEvery';
import type { Outcome } from './carryOut';
import type { PrivacyRequest, PrivacyRequestStore } from './requestStore';

const BATCH = 10;

/**
 * Carries out stored privacy requests in the API process: at once when one arrives (`process([id])`), and every
 * `intervalMs` for what could not be done then (Temporal down, a restart midway). A request stays pending, and is
 * tried again with a growing backoff, until it is done.
 */
export function privacyRequestProcessor(
  requests: PrivacyRequestStore,
  run: (request: PrivacyRequest) => Promise<Outcome>,
  { intervalMs = 5_000, log = (_: string) => {} } = {},
) {
  async function attempt(request: PrivacyRequest): Promise<boolean> {
    try {
      await requests.complete(request.id, await run(request));
      return true;
    } catch (err) {
      // Messages of Temporal and the database name ids, never an address (none is kept).
      const why = `attempt ${request.attempts + 1} failed: ${(err as Error).message}`;
      log(`privacy request ${request.id} (${request.kind}) not done yet, will retry: ${why}`);
      await requests.retryLater(request, why);
      return false;
    }
  }

  /** Carries out what is due (or only the requests `only`); returns how many were done. */
  async function process(only?: string[]): Promise<number> {
    let done = 0;
    for (;;) {
      const taken = await requests.take(BATCH, only);
      for (const request of taken) if (await attempt(request)) done++;
      if (only || taken.length < BATCH) return done;
    }
  }

  const loop = repeatEvery(
    () => process(),
    intervalMs,
    (err) => log(`privacy requests not processed, will retry: ${err.message}`),
  );
  return { process, start: loop.start, stop: loop.stop };
}
export type PrivacyRequestProcessor = ReturnType<typeof privacyRequestProcessor>;
