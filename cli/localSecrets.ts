import fs from 'node:fs';
import path from 'node:path';
import { type Config, linkSecrets } from '../temporal.config';

/**
 * The link secrets the running API verifies with: AFTERGLOW_LINK_SECRET, else the one `npm start` keeps in the data
 * folder (read, never made here). Undefined when neither exists.
 */
export function localLinkSecrets(config: Config): { secrets: string[]; from: string } | undefined {
  if (config.AFTERGLOW_LINK_SECRET) return { secrets: linkSecrets(config), from: 'AFTERGLOW_LINK_SECRET' };
  const file = path.join(config.dataDir, 'link-secret');
  if (!fs.existsSync(file)) return undefined;
  return { secrets: [fs.readFileSync(file, 'utf8').trim()], from: file };
}
