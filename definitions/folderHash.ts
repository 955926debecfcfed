import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively, as paths relative to it, sorted; none when `dir` does not exist. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

/** A hash of the names and bytes of every file under `root`/`dirs`, named relative to `root`: a copy hashes alike. */
export function folderHash(root: string, dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs)
    for (const file of filesUnder(path.join(root, dir))) {
      const bytes = fs.readFileSync(path.join(root, dir, file));
      hash.update(`${path.join(dir, file)}\0${bytes.length}\0`).update(bytes);
    }
  return hash.digest('hex');
}

/** Count, total size and newest modification time of the files under `dirs`: a cheap "did anything change" check. */
export function folderStamp(root: string, dirs: readonly string[]): string {
  let count = 0;
  let size = 0;
  let newest = 0;
  for (const dir of dirs)
    for (const file of filesUnder(path.join(root, dir))) {
      const stat = fs.statSync(path.join(root, dir, file), { throwIfNoEntry: false });
      if (!stat) continue; // deleted between the listing and the stat: the next look sees it
      count++;
      size += stat.size;
      newest = Math.max(newest, stat.mtimeMs);
    }
  return `${count}:${size}:${newest}`;
}
