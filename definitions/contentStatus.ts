import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What the processes that watch the content folder last decided, in a small file in the data folder: the worker
 * and the API write it, /readyz, /metrics and the CLI read it (the worker may be another process).
 */
export const ContentStatus = z.object({
  /** The content folder the sets come from (the CLI may be pointed at another with --dir). */
  contentDir: z.string(),
  /** The set in use, and when it was adopted. */
  adopted: z.object({ contentSet: z.string(), at: z.iso.datetime() }),
  /** The newest edit refused, as `file:line: what is wrong` lines; absent once a valid set is saved. */
  refused: z.object({ at: z.iso.datetime(), errors: z.array(z.string()) }).optional(),
});
export type ContentStatus = z.infer<typeof ContentStatus>;

const statusFile = (dataDir: string) => path.join(dataDir, 'content-status.json');

/** Written whole and renamed into place: a reader never sees half of it. */
export function writeContentStatus(dataDir: string, status: ContentStatus): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const partial = `${statusFile(dataDir)}.${process.pid}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(status, null, 2)}\n`);
  fs.renameSync(partial, statusFile(dataDir));
}

/** The status, or undefined when no worker or API has written one yet (or it is not readable as one). */
export function readContentStatus(dataDir: string): ContentStatus | undefined {
  let text: string;
  try {
    text = fs.readFileSync(statusFile(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = ContentStatus.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `content set <id> (adopted <at>)`, or `degraded: ...` with the refused edit's errors, one per line. */
export function describeContentStatus(status: ContentStatus): string {
  const inUse = `content set ${status.adopted.contentSet} (adopted ${status.adopted.at})`;
  if (!status.refused) return inUse;
  const { at, errors } = status.refused;
  return `degraded: the edit seen at ${at} was refused (${errors.length} error${errors.length === 1 ? '' : 's'}); customers keep ${inUse}. Fix these, as \`afterglow validate\` reports them:\n${errors.join('\n')}`;
}
