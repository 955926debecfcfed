import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/types';
import type { MigrateJourney } from '../domain/supportActions';
import type { CustomerState } from '../rules/journeyState';
import { checkMigrate, migrateRun, recordMigration, runsToMigrate } from '../rules/migrateRun';
import { validator } from './supportHandlers';
import { migrateJourney } from './supportUpdates';

interface MigrationJob {
  input: MigrateJourney;
  done?: string;
  error?: string;
}

/**
 * The migrateJourney update. The handler only queues the request: the journey loop runs it between two messages
 * (never while a send is in flight), fetches the journey's current definition with the planning activity, and
 * re-plans the runs in place. The update answers once that is done.
 */
export function installMigrationHandler(state: CustomerState, planOrder: JourneyActivities['planOrder']) {
  const queue: MigrationJob[] = [];
  setHandler(
    migrateJourney,
    async (input) => {
      const job: MigrationJob = { input };
      queue.push(job);
      await condition(() => job.done !== undefined || job.error !== undefined);
      if (job.error) throw ApplicationFailure.nonRetryable(job.error, 'MigrationFailed');
      return { done: job.done! };
    },
    {
      validator: validator(
        (s) => s.MigrateJourney,
        (i) => checkMigrate(state, i),
      ),
    },
  );
  return {
    pending: () => queue.length > 0,
    /** Runs the queued migrations; called by the journey loop at a safe point. */
    async run(): Promise<void> {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const { input } = job;
        const changes: string[] = [];
        for (const run of runsToMigrate(state, input)) {
          const { plans } = await planOrder({ order: run.order, firstOrder: false, journeyId: input.journeyId });
          if (!plans[0]) {
            job.error = `journey ${input.journeyId} no longer exists: nothing to migrate to`;
            break;
          }
          if (plans[0].version === run.version) continue;
          changes.push(migrateRun(run, plans[0]));
        }
        if (job.error) continue;
        job.done = changes.length
          ? recordMigration(state, input, changes, Date.now())
          : `already on the current version of ${input.journeyId}`;
      }
    },
  };
}
