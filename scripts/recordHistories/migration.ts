import { migrateCustomers } from '../../client/journeyVersions';
import type { JourneyDefinition } from '../../definitions/journeySchema';
import { BY, orderOf, type RecordedRun, type Recording, sent, stateShows } from './recording';
import { eventually, settled } from './waits';

const CUSTOMER_ID = 'c-migrate';
export const MIGRATED_JOURNEY = 'post-purchase';

/** The marketer's edit that makes a new version: the cross-sell two days later. */
export function laterCrossSell(definition: JourneyDefinition): JourneyDefinition {
  if (definition.id !== MIGRATED_JOURNEY) return definition;
  if (!definition.steps.some((s) => s.id === 'cross-sell'))
    throw new Error(`journey ${MIGRATED_JOURNEY} has no cross-sell step to edit`);
  return {
    ...definition,
    steps: definition.steps.map((s) =>
      s.id === 'cross-sell' && 'at' in s ? { ...s, at: { ...s.at, after: '12d' } } : s,
    ),
  };
}

/**
 * Before the edit: a customer starts the journey on its current version. Returns the second half, to run once the
 * journey has been edited: `afterglow journeys migrate` (client/journeyVersions.ts) moves them to the new version.
 */
export async function journeyMigration({ full: api, client }: Recording, fromVersion: string) {
  const { workflowId } = await api.order(orderOf(CUSTOMER_ID, 'M-1', ['MAG-SLEEP-30']));
  await sent(api, CUSTOMER_ID, 'M-1', 'reassurance');
  const input = { ...BY, journeyId: MIGRATED_JOURNEY, fromVersion };
  // The migration finds customers through the JourneyVersions search attribute.
  await eventually(
    'the customer to be listed on the old version',
    async () => (await migrateCustomers(client, input, { dryRun: true })).matched === 1,
  );

  return async function afterTheEdit(): Promise<RecordedRun[]> {
    const report = await migrateCustomers(client, input);
    if (report.migrated.length !== 1)
      throw new Error(`migration moved ${report.migrated.length} customers: ${JSON.stringify(report.failed)}`);
    await stateShows(api, CUSTOMER_ID, 'the new version', (s) => s.runs.every((r) => r.version !== fromVersion));
    const handle = client.workflow.getHandle(workflowId);
    await settled(handle, CUSTOMER_ID);
    return [{ name: 'journey-migration', workflowId, runId: (await handle.describe()).runId }];
  };
}
