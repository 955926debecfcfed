import fs from 'node:fs';
import path from 'node:path';
import { TemplateLibrary } from './compiledTemplates';

const SET_ID = /^[0-9a-f]{16}$/;

/**
 * The compiled templates of every content set a send may be pinned to (one TemplateLibrary per templates folder,
 * each compiling a template once): a run renders with the set it started with, whatever was adopted since.
 */
export function templateSets(currentDir: () => string, setsDir: string) {
  const library = templateLibraries();
  return {
    /** The current set's templates: for runs started before runs pinned a set, and for previews. */
    current: () => library(currentDir()),
    /**
     * The templates of the run's pinned set. `missing` when that set is not in this data folder (a worker on
     * another machine): the current set's are used then, and the caller says so.
     */
    forRun(contentSet: string | undefined): { library: TemplateLibrary; missing?: true } {
      if (!contentSet) return { library: library(currentDir()) };
      const dir = path.join(setsDir, contentSet, 'templates');
      // The id comes from workflow history: only a set id's shape may name a folder.
      return SET_ID.test(contentSet) && fs.existsSync(dir)
        ? { library: library(dir) }
        : { library: library(currentDir()), missing: true };
    },
  };
}
export type TemplateSets = ReturnType<typeof templateSets>;

/** A TemplateLibrary per templates folder, made on first use: an adopted set's folder never changes, so it compiles once. */
export function templateLibraries(): (templatesDir: string) => TemplateLibrary {
  const libraries = new Map<string, TemplateLibrary>();
  return (dir) => {
    let found = libraries.get(dir);
    if (!found) libraries.set(dir, (found = new TemplateLibrary(dir)));
    return found;
  };
}
