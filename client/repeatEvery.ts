/**
 * Runs `task` at once, then again `intervalMs` after each run ends (never two at a time), until stopped; a failed run
 * is reported to `onError` and the next one tries again. `stop` waits for a run under way. Timers do not keep the
 * process alive.
 */
export function repeatEvery(task: () => Promise<unknown>, intervalMs: number, onError: (err: Error) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  return {
    start: (): void => {
      stopped = false;
      // The timer callback returns nothing: the run's promise is kept in `running` (for stop) and never rejects.
      const tick = (): void => {
        running = task()
          .catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))))
          .then(() => {
            if (stopped) return;
            timer = setTimeout(tick, intervalMs);
            timer.unref();
          });
      };
      timer = setTimeout(tick, 0);
      timer.unref();
    },
    stop: async (): Promise<void> => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
