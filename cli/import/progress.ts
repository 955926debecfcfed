import { Presets, SingleBar } from 'cli-progress';

export interface ImportProgress {
  /** One more order handled: sent now, or found already imported. */
  tick(kind: 'imported' | 'already'): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; on anything else (a log file, CI) a plain line every 5 % of the orders, so the log
 * shows the import moving without a bar's control characters. Counts only: never an id or an address.
 */
export function importProgress(total: number, stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  const counts = { imported: 0, already: 0 };
  const done = () => counts.imported + counts.already;
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format:
          'import {bar} {percentage}% | {value}/{total} orders | {imported} imported, {already} already there | ETA {eta_formatted}',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, counts);
    return {
      tick(kind) {
        counts[kind]++;
        bar.update(done(), counts);
      },
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.floor(total / 20));
  const line = () =>
    stream.write(`import: ${done()}/${total} orders (${counts.imported} imported, ${counts.already} already there)\n`);
  return {
    tick(kind) {
      counts[kind]++;
      if (done() % every === 0 || done() === total) line();
    },
    stop() {
      if (done() % every !== 0 && done() !== total) line();
    },
  };
}
