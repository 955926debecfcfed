import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { MigrateJourney } from '../domain/supportActions';
import { migrateJourney } from '../workflows/supportUpdates';
import { JourneyVersions } from './searchAttributes';

const RUNNING = 'WorkflowType = "customerJourney" AND ExecutionStatus = "Running"';

/** Running customers per `journeyId@version`, and how many carry no version (journeys started before it existed). */
export interface VersionCounts {
  byVersion: Map<string, number>;
  unversioned: number;
  customers: number;
}

/** One pass over the running customer workflows in visibility (paged by the server), counting their versions. */
export async function countRunningVersions(client: Client): Promise<VersionCounts> {
  const counts: VersionCounts = { byVersion: new Map(), unversioned: 0, customers: 0 };
  for await (const execution of client.workflow.list({ query: RUNNING })) {
    counts.customers++;
    const versions = execution.typedSearchAttributes.get(JourneyVersions);
    if (versions === undefined) counts.unversioned++;
    for (const v of versions ?? []) counts.byVersion.set(v, (counts.byVersion.get(v) ?? 0) + 1);
  }
  return counts;
}

export interface MigrationReport {
  matched: number;
  migrated: string[];
  failed: { workflowId: string; error: string }[];
}

/**
 * Asks every running customer on `journeyId@fromVersion` to move to the journey's current version (the
 * migrateJourney update, applied by each workflow between two messages). `dryRun` only lists them.
 */
export async function migrateCustomers(
  client: Client,
  input: MigrateJourney,
  {
    dryRun = false,
    concurrency = 8,
    onProgress,
  }: { dryRun?: boolean; concurrency?: number; onProgress?: (workflowId: string, outcome: string) => void } = {},
): Promise<MigrationReport> {
  const query = `${RUNNING} AND JourneyVersions = "${input.journeyId}@${input.fromVersion}"`;
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  const report: MigrationReport = { matched: ids.length, migrated: [], failed: [] };
  if (dryRun) return report;
  const next = () => ids.shift();
  const worker = async () => {
    for (let workflowId = next(); workflowId; workflowId = next()) {
      try {
        const { done } = await client.workflow.getHandle(workflowId).executeUpdate(migrateJourney, { args: [input] });
        report.migrated.push(workflowId);
        onProgress?.(workflowId, done);
      } catch (err) {
        const cause = err instanceof WorkflowUpdateFailedError && err.cause instanceof Error ? err.cause : err;
        const error = cause instanceof Error ? cause.message : String(cause);
        report.failed.push({ workflowId, error });
        onProgress?.(workflowId, `failed: ${error}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return report;
}
