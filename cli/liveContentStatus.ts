import fs from 'node:fs';
import { contentSetDir } from '../definitions/contentSets';
import { type ContentStatus, describeContentStatus, readContentStatus } from '../definitions/contentStatus';
import { loadConfig } from '../temporal.config';

/**
 * What the worker and the API last decided about `contentDir` (their status file in the data folder): the folder
 * holding the set customers get, and a line to print; undefined when neither has watched this folder.
 */
export function liveContentStatus(
  contentDir: string,
  dataDir = loadConfig().dataDir,
): { adoptedDir?: string; line: string; status: ContentStatus } | undefined {
  const status = readContentStatus(dataDir);
  if (status?.contentDir !== contentDir) return undefined;
  const adoptedDir = contentSetDir(dataDir, status.adopted.contentSet);
  return {
    ...(fs.existsSync(adoptedDir) && { adoptedDir }),
    line: `content: ${describeContentStatus(status)}`,
    status,
  };
}
