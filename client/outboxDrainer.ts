import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { OutboxEntry, OutboxStore } from '../storage/outbox';
import { repeatEvery } from './repeatEvery';
import { withTemporalDeadline } from './temporalUnavailable';

const BATCH = 50;

/**
 * Sends the outbox's signals to the journeys: at once after a write (`drain([id])`), and every `intervalMs` for
 * what could not go then (Temporal down, a deploy). A journey that does not exist yet needs no signal: its first
 * order reads the stored choices (activities/planOrder.ts).
 */
export function outboxDrainer(
  outbox: OutboxStore,
  client: Client,
  { intervalMs = 2_000, log = (_: string) => {} } = {},
) {
  async function deliver(entry: OutboxEntry): Promise<boolean> {
    try {
      await withTemporalDeadline(client, () =>
        client.workflow.getHandle(entry.workflowId).signal(entry.signal, ...entry.args),
      );
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) {
        await outbox.retryLater(entry, (err as Error).message);
        return false;
      }
    }
    await outbox.done(entry.id);
    return true;
  }

  /** Delivers what is due (or only the entries `only`); returns how many went out. */
  async function drain(only?: number[]): Promise<number> {
    let delivered = 0;
    for (;;) {
      const entries = await outbox.take(BATCH, only);
      for (const entry of entries) if (await deliver(entry)) delivered++;
      if (only || entries.length < BATCH) return delivered;
    }
  }

  const loop = repeatEvery(
    () => drain(),
    intervalMs,
    (err) => log(`outbox drain failed, will retry: ${err.message}`),
  );
  return { drain, start: loop.start, stop: loop.stop };
}
export type OutboxDrainer = ReturnType<typeof outboxDrainer>;
