import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { templateSets } from '../../rendering/templateSets';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

const setsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-sets-'));
const pinned = '0123456789abcdef';
fs.cpSync(path.join(FIXTURE_CONTENT_DIR, 'templates'), path.join(setsDir, pinned, 'templates'), { recursive: true });
afterAll(() => fs.rmSync(setsDir, { recursive: true, force: true }));

const current = path.join(FIXTURE_CONTENT_DIR, 'templates');
const sets = templateSets(() => current, setsDir);

it("renders a run with its pinned set's templates, one library per set", () => {
  const { library, missing } = sets.forRun(pinned);
  expect(library.templatesDir).toBe(path.join(setsDir, pinned, 'templates'));
  expect(missing).toBeUndefined();
  expect(sets.forRun(pinned).library).toBe(library);
});

it('uses the current set for runs that pinned none', () => {
  expect(sets.forRun(undefined)).toEqual({ library: sets.current() });
  expect(sets.current().templatesDir).toBe(current);
});

it('falls back to the current set, and says so, for a set not in this data folder or an id of another shape', () => {
  expect(sets.forRun('fedcba9876543210')).toEqual({ library: sets.current(), missing: true });
  expect(sets.forRun('../../etc')).toEqual({ library: sets.current(), missing: true });
});
