import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { folderHash } from './folderHash';

/** The folders that make up one content set: what the worker sends with, adopted or refused as one unit. */
export const CONTENT_FOLDERS = ['journeys', 'catalog', 'stores', 'templates'] as const;

/**
 * Adopted content sets are kept under the data folder by id (a hash of their files), never changed once written:
 * a run pins the id it started with and renders every later message from that set's templates.
 */
export const contentSetsDir = (dataDir: string) => path.join(dataDir, 'content-sets');
export const contentSetDir = (dataDir: string, id: string) => path.join(contentSetsDir(dataDir), id);

export interface StagedSet {
  dir: string;
  id: string;
}

/**
 * A private copy of the content folders: validation and loading then read the same bytes however the marketer goes
 * on editing. Kept as a set (`keepStagedSet`) when valid; discarded in every case (a no-op once kept).
 */
export function stageContentSet(contentDir: string, dataDir: string): StagedSet {
  const dir = path.join(contentSetsDir(dataDir), `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  for (const folder of CONTENT_FOLDERS) {
    const source = path.join(contentDir, folder);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(dir, folder), { recursive: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  return { dir, id: folderHash(dir, CONTENT_FOLDERS).slice(0, 16) };
}

/** Keeps a staged copy as its set; an identical set already kept (by this or another process) is the same set. */
export function keepStagedSet(staged: StagedSet, dataDir: string): void {
  const target = contentSetDir(dataDir, staged.id);
  if (fs.existsSync(target)) return;
  try {
    fs.renameSync(staged.dir, target);
  } catch (err) {
    // Another process kept the same set a moment before: the same bytes, by construction.
    if (!fs.existsSync(target)) throw err;
  }
}

export function discardStagedSet(staged: StagedSet): void {
  fs.rmSync(staged.dir, { recursive: true, force: true });
}
