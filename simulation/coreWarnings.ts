import type { LogLevel, LogMetadata } from '@temporalio/common';
import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';

type Listener = (error: string) => void;
const listeners = new Set<Listener>();

/**
 * Prints warnings and errors (as worker/quietRuntime.ts does) and hands on the one warning the SDK core gives when
 * the server refuses a workflow task completion: nothing reaches the history then, so this log line is the only
 * prompt sign. The worker evicts the workflow and the server waits for a completion that never comes.
 */
class WatchingLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (message === 'Error while completing workflow activation')
      for (const listener of listeners) listener(String(meta?.error ?? 'no reason given'));
    super.log(level, message, meta);
  }
}

/** One line per entry, as the core prints its own logs when they are not forwarded. */
function printLine({ level, message, meta, timestampNanos }: LogEntry): void {
  const { spanContexts: _spans, target: _target, ...fields } = meta ?? {};
  const details = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  process.stderr.write(
    `${new Date(Number(timestampNanos / 1_000_000n)).toISOString()} [${level}] ${message}${details}\n`,
  );
}

let installed = false;

/**
 * Installs the Temporal Runtime with that logger, once per process; call it before anything creates a connection
 * (which installs the default Runtime). Where other code installed the Runtime first, it leaves it as it is.
 */
export function installWatchingRuntime(): void {
  if (installed) return;
  try {
    Runtime.install({
      logger: new WatchingLogger('WARN', printLine),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    });
    installed = true;
  } catch {
    // Installed earlier in this process by other code: the history watch (taskWatch.ts) still finds the stuck task.
  }
}

/** Calls `listener` with the server's reason whenever it refuses a workflow task completion; returns the unsubscribe. */
export function onRejectedCompletion(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
