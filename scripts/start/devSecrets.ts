import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A link-signing secret for a laptop run when the environment has none: random, kept in the data folder (never in
 * the repo) so unsubscribe links in the mail catcher keep working across restarts.
 */
export function devLinkSecret(dataDir: string): string {
  const file = path.join(dataDir, 'link-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}
