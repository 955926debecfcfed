import { type Command, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { countRunningVersions, migrateCustomers } from '../../client/journeyVersions';
import { loadJourneys } from '../../definitions/loadJourneys';
import { MigrateJourney } from '../../domain/supportActions';
import { liveContentStatus } from '../liveContentStatus';
import { addDirOption, contentDir } from '../options';
import { withTemporalClient } from '../temporalClient';
import { issueLines } from '../../domain/zodIssues';

/** Ids and versions go into a visibility query: only characters that cannot break out of its quotes. */
function safeId(value: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new InvalidArgumentError('letters, digits, ".", "_" and "-" only');
  return value;
}

export function registerJourneys(program: Command): void {
  const journeys = addDirOption(
    program
      .command('journeys')
      .description('list each journey, its current version and how many running customers are on each version'),
  ).action(async (flags: { dir?: string }) => {
    const dir = contentDir(flags.dir);
    // The versions new orders get: the set the worker adopted from this folder (a refused edit is not one of them).
    const live = liveContentStatus(dir);
    const source = live?.adoptedDir ?? dir;
    const loaded = loadJourneys(source);
    // The versions come from the files: a marketer still sees them when Temporal is out of reach.
    let unreachable: Error | undefined;
    const counts = await withTemporalClient(countRunningVersions).catch((err: Error) => {
      unreachable = err;
      return { byVersion: new Map<string, number>(), unversioned: 0, customers: 0 };
    });
    const lines: string[] = live ? [live.line] : [];
    for (const { definition, version, file } of loaded) {
      const prefix = `${definition.id}@`;
      const current = counts.byVersion.get(prefix + version) ?? 0;
      lines.push(`${definition.id}  (${definition.name}, ${path.relative(source, file)})`);
      if (unreachable) {
        lines.push(`  current version ${version}`);
        continue;
      }
      lines.push(`  current version ${version}: ${current} running customer${current === 1 ? '' : 's'}`);
      for (const [key, n] of [...counts.byVersion]
        .filter(([k]) => k.startsWith(prefix) && k !== prefix + version)
        .sort())
        lines.push(
          `  older version   ${key.slice(prefix.length)}: ${n} running (stay on it; \`afterglow journeys migrate ${definition.id} --from ${key.slice(prefix.length)}\` moves them)`,
        );
    }
    for (const [key, n] of counts.byVersion)
      if (!loaded.some((j) => key.startsWith(`${j.definition.id}@`)))
        lines.push(`${key}: ${n} running (journey no longer in the files)`);
    if (!unreachable)
      lines.push(
        `${counts.customers} running customer workflows${counts.unversioned ? `, ${counts.unversioned} started before versions were recorded` : ''}`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
    if (unreachable) throw new Error(`running customers unknown: ${unreachable.message}`);
  });

  journeys
    .command('migrate')
    .description(
      'move running customers of an old journey version to the current one, between two messages (for when the old version was a mistake)',
    )
    .argument('<journeyId>', 'the journey', safeId)
    .requiredOption('--from <version>', 'the old version (from `afterglow journeys`)', safeId)
    .requiredOption('--by <name>', 'who is acting (recorded in each journey)')
    .requiredOption('--reason <text>', 'why, in a few words (recorded in each journey)')
    .option('--dry-run', 'only count the customers it would move')
    .action(async (journeyId: string, flags: { from: string; by: string; reason: string; dryRun?: boolean }) => {
      const parsed = MigrateJourney.safeParse({
        journeyId,
        fromVersion: flags.from,
        by: flags.by,
        reason: flags.reason,
      });
      if (!parsed.success) throw new Error(issueLines(parsed.error, '(input)').join('; '));
      const report = await withTemporalClient((client) =>
        migrateCustomers(client, parsed.data, {
          dryRun: flags.dryRun,
          onProgress: (workflowId, outcome) => process.stdout.write(`${workflowId}: ${outcome}\n`),
        }),
      );
      const verb = flags.dryRun ? 'would move' : 'moved';
      process.stdout.write(
        `${journeyId}@${flags.from}: ${report.matched} running customers; ${verb} ${flags.dryRun ? report.matched : report.migrated.length}`,
      );
      process.stdout.write(report.failed.length ? `; ${report.failed.length} failed\n` : '\n');
      if (report.failed.length) process.exitCode = 1;
    });
}
