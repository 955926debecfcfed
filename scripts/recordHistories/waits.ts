import type { WorkflowHandle } from '@temporalio/client';

const POLL_MS = 100;

/** Polls `probe` until it returns something other than undefined or false; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Waits until the run has no workflow task and no activity pending and its history stopped growing: everything
 * sent to it so far is in its history, so a history fetched now ends where a worker left the journey waiting.
 */
export async function settled(handle: WorkflowHandle, what: string): Promise<void> {
  let previousLength = -1;
  await eventually(`${what} to settle`, async () => {
    const { historyLength, raw } = await handle.describe();
    const quiet =
      !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0 && historyLength === previousLength;
    previousLength = historyLength;
    if (!quiet) await new Promise((resolve) => setTimeout(resolve, 200));
    return quiet;
  });
}
