import fs from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../authoring/problems';
import { validateContent } from '../authoring/validate';
import { type Content, loadContent } from './content';
import { CONTENT_FOLDERS, contentSetDir, discardStagedSet, keepStagedSet, stageContentSet } from './contentSets';
import { type ContentStatus, readContentStatus, writeContentStatus } from './contentStatus';
import { folderStamp } from './folderHash';

export interface LiveContentOptions {
  contentDir: string;
  /** Holds the adopted sets and the status file. */
  dataDir: string;
  /** Adoptions and refusals, for the process's log (content file names and problems only). */
  log: (level: 'info' | 'error', line: string) => void;
  /** How often the folder is looked at for edits. */
  intervalMs?: number;
}

export interface LiveContent {
  /** The last valid set: journeys, catalog, stores and templates as one unit. */
  current: () => Content;
  status: () => ContentStatus;
  /** Looks at the folder now (the timer does when files change): adopts it if it validates, else reports why not. */
  check: () => Promise<void>;
  stop: () => void;
}

type Verdict = { ok: true; contentSet: string; warnings: number } | { ok: false; errors: string[] };

/**
 * The content folder as customers get it: an edit goes live only when the whole set passes `afterglow validate`'s
 * checks. A set with errors is refused as a whole, reported once in the log and in the status file, and the last
 * valid set stays in use. At start, a folder with errors falls back to the last set adopted from it, if any.
 */
export async function watchLiveContent(options: LiveContentOptions): Promise<LiveContent> {
  const { contentDir, dataDir, log } = options;
  const stampNow = () => folderStamp(contentDir, CONTENT_FOLDERS);
  let stamp = stampNow();
  let adopted: { content: Content; at: string };
  let refused: { at: string; errors: string[] } | undefined;

  const status = (): ContentStatus => ({
    contentDir,
    adopted: { contentSet: adopted.content.contentSet!, at: adopted.at },
    ...(refused && { refused }),
  });
  const adopt = (contentSet: string) => {
    adopted = {
      content: { ...loadContent(contentSetDir(dataDir, contentSet)), contentSet },
      at: new Date().toISOString(),
    };
  };
  const refuse = (errors: string[]) => {
    // Once per distinct refusal: a timer that keeps finding the same broken file says nothing new.
    if (refused?.errors.join('\n') === errors.join('\n')) return;
    log(
      'error',
      `content edit refused: customers keep content set ${adopted.content.contentSet}. ${errors.length} error(s), as \`afterglow validate\` reports them:\n${errors.join('\n')}`,
    );
    refused = { at: new Date().toISOString(), errors };
  };

  const first = await examine(contentDir, dataDir);
  if (first.ok) adopt(first.contentSet);
  else {
    const previous = readContentStatus(dataDir);
    const usable =
      previous?.contentDir === contentDir && fs.existsSync(contentSetDir(dataDir, previous.adopted.contentSet));
    if (!usable)
      throw new Error(
        `the content has errors and no earlier valid set of it was kept in ${dataDir}:\n${first.errors.join('\n')}`,
      );
    adopt(previous.adopted.contentSet);
    refuse(first.errors);
  }
  log('info', `content set ${adopted!.content.contentSet} in use (${journeyList(adopted!.content)})`);
  writeContentStatus(dataDir, status());

  let running: Promise<void> | undefined;
  const check = () =>
    (running ??= (async () => {
      stamp = stampNow();
      const verdict = await examine(contentDir, dataDir);
      if (!verdict.ok) refuse(verdict.errors);
      else if (verdict.contentSet !== adopted.content.contentSet || refused) {
        const fixed = refused ? 'the refused edit is fixed; ' : '';
        if (verdict.contentSet !== adopted.content.contentSet) adopt(verdict.contentSet);
        refused = undefined;
        const warnings = verdict.warnings
          ? ` with ${verdict.warnings} warning(s) (\`afterglow validate\` lists them)`
          : '';
        log(
          'info',
          `${fixed}content set ${adopted.content.contentSet} adopted${warnings}: ${journeyList(adopted.content)}`,
        );
      }
      writeContentStatus(dataDir, status());
    })().finally(() => (running = undefined)));

  const timer = setInterval(() => {
    if (running || stampNow() === stamp) return;
    check().catch((err: Error) => log('error', `content folder not checked: ${err.message}`));
  }, options.intervalMs ?? 1_000);
  timer.unref();

  return { current: () => adopted.content, status, check, stop: () => clearInterval(timer) };
}

const journeyList = (content: Content) => content.journeys.map((j) => `${j.definition.id}@${j.version}`).join(', ');

/** Validates a private copy of the folder; a valid copy is kept as its content set. */
async function examine(contentDir: string, dataDir: string): Promise<Verdict> {
  const staged = stageContentSet(contentDir, dataDir);
  try {
    const { problems } = await validateContent(staged.dir);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length)
      return { ok: false, errors: errors.map((p) => relativeTo(staged.dir, formatProblem(p, staged.dir))) };
    keepStagedSet(staged, dataDir);
    return { ok: true, contentSet: staged.id, warnings: problems.length };
  } finally {
    discardStagedSet(staged);
  }
}

/** Paths relative to the content folder (the copy's layout is the folder's), as a marketer knows the files. */
function relativeTo(copy: string, line: string): string {
  return line.split(`${copy}${path.sep}`).join('');
}
