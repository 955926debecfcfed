import { CombinedWorkerRunError, PromiseCompletionTimeoutError } from '@temporalio/worker';
import { WorkflowTaskFailure } from './taskWatch';
import { formatInstant } from './timeline';

/** A simulation that could not finish: the message says why, for which customer and at which simulated date. */
class SimulationStopped extends Error {}

/** What a stop message needs to know, filled in as the simulation goes. */
export interface SimulationProgress {
  customer: string;
  storeId: string;
  zone: string;
  /** Shifts server instants onto the order's own calendar (known once the order is placed). */
  offsetMs?: number;
  /** The last simulated instant the driver saw (server time). */
  reachedMs?: number;
}

/** `run`, or a SimulationStopped once `limitMs` of real time have passed. */
export function withTimeLimit<T>(run: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitReached(limitMs)), limitMs);
  });
  run.catch(() => undefined); // left behind when the limit wins
  return Promise.race([run, limit]).finally(() => clearTimeout(timer));
}

class Interrupted extends Error {}

/**
 * Rejects once the process gets SIGINT or SIGTERM, so the run stops and its server is torn down (even when the
 * signal came while the server was still starting). `dispose` gives the signals back.
 */
export function onInterrupt(): { interrupted: Promise<never>; dispose: () => void } {
  let reject!: (err: Interrupted) => void;
  const interrupted = new Promise<never>((_, r) => (reject = r));
  interrupted.catch(() => undefined); // only the run it is raced with reports it
  const stop = (signal: NodeJS.Signals) => reject(new Interrupted(signal));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, stop);
  return { interrupted, dispose: () => signals.forEach((signal) => process.off(signal, stop)) };
}

class TimeLimitReached extends Error {
  constructor(readonly limitMs: number) {
    super(`did not finish within ${limitMs / 1000} s`);
  }
}

/** Turns what ended a simulation early into a SimulationStopped with a message for the person who ran it. */
export function explainStop(err: unknown, progress: SimulationProgress): unknown {
  const cause = err instanceof CombinedWorkerRunError ? err.cause.innerError : err;
  const who = `customer ${progress.customer} (store ${progress.storeId})`;
  const date = (ms: number | undefined) =>
    ms === undefined || progress.offsetMs === undefined
      ? undefined
      : `${formatInstant(ms + progress.offsetMs, progress.zone)} (${progress.zone})`;
  const reached = `the journey of ${who} had reached ${date(progress.reachedMs) ?? 'no simulated date yet'}`;
  const incomplete = 'the simulated timeline is incomplete, so none of it is shown';
  if (cause instanceof WorkflowTaskFailure) {
    const when = date(cause.at ?? progress.reachedMs);
    return new SimulationStopped(
      `simulation stopped: the journey of ${who} failed ${when ? `at ${when}` : 'before the order was placed'}: ${cause.what}; ${incomplete}`,
    );
  }
  if (cause instanceof TimeLimitReached)
    return new SimulationStopped(`simulation stopped: it ${cause.message} (${reached}); ${incomplete}`);
  // The worker stops on those signals too, sometimes before the run notices them.
  if (cause instanceof Interrupted || cause instanceof PromiseCompletionTimeoutError)
    return new SimulationStopped(`simulation interrupted (${reached})`);
  return err;
}
