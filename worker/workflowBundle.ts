import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
/** Part of every key: raise it when the way bundles are built here changes. */
const BUNDLE_FORMAT = 1;
/** Bundles kept per cache folder (newest used first): one per converter setup and a few recent edits. */
const KEEP_BUNDLES = 6;

/** What goes into the bundle besides the SDK: the workflows module and the converters loaded by path. */
export interface WorkflowBundleEntries {
  workflowsPath: string;
  failureConverterPath?: string;
  payloadConverterPath?: string;
}

export interface PrebuiltBundleOptions extends Partial<WorkflowBundleEntries> {
  /** Default node_modules/.cache/afterglow (per checkout, next to the dependencies the bundle holds). */
  cacheDir?: string;
  /** Default the repository's package-lock.json: stands for every package the bundle pulls in. */
  lockfile?: string;
  /** The project files the key covers; default: every file reachable by relative imports from the entries. */
  sourceFiles?: string[];
  logger?: Logger;
}

export interface PrebuiltBundle {
  codePath: string;
  key: string;
  /** false: an earlier build with the same key was reused. */
  built: boolean;
  sourceFiles: string[];
}

export const defaultWorkflowsPath = () => require.resolve('../workflows');
const defaultBundleCacheDir = () => path.join(REPO_ROOT, 'node_modules', '.cache', 'afterglow');

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;
const EXTENSIONS = ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'];

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...(base.endsWith('.js') ? [base.slice(0, -3) + '.ts'] : []),
    ...EXTENSIONS.map((e) => path.join(base, `index${e}`)),
  ];
  return candidates.find((c) => fs.statSync(c, { throwIfNoEntry: false })?.isFile());
}

/**
 * Every project file the bundler can reach from `entries` through relative imports (type-only ones too: a few
 * extra files only cost a rebuild). Package imports are covered by the lockfile instead.
 */
export function workflowSourceFiles(entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.map((e) => path.resolve(e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.json')) continue;
    const source = fs.readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(SPECIFIER)) {
      if (!specifier.startsWith('.')) continue;
      const resolved = resolveRelative(file, specifier);
      if (resolved && !resolved.includes(`${path.sep}node_modules${path.sep}`)) queue.push(resolved);
    }
  }
  return [...seen].sort();
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** The cache key: the entries, the content of every source file, the lockfile and the SDK versions installed. */
export function workflowBundleKey(entries: WorkflowBundleEntries, sourceFiles: string[], lockfile: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: BUNDLE_FORMAT, ...entries }));
  for (const pkg of ['@temporalio/worker', '@temporalio/workflow', '@temporalio/common'])
    hash.update(`\n${pkg}@${installedVersion(pkg)}`);
  hash.update(`\nlockfile ${fs.existsSync(lockfile) ? sha256(fs.readFileSync(lockfile)) : 'none'}`);
  for (const file of [...sourceFiles].sort()) hash.update(`\n${file} ${sha256(fs.readFileSync(file))}`);
  return hash.digest('hex');
}

function pruneOldBundles(cacheDir: string, keep: string): void {
  const bundles = fs
    .readdirSync(cacheDir)
    .filter((f) => /^workflow-bundle-[0-9a-f]+\.js$/.test(f))
    .map((f) => ({ file: path.join(cacheDir, f), mtime: fs.statSync(path.join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of bundles.slice(KEEP_BUNDLES)) if (file !== keep) fs.rmSync(file, { force: true });
}

/**
 * The workflow bundle for `createJourneyWorker`, built once with `bundleWorkflowCode` and kept on disk under a key
 * of everything that goes into it, so a worker starts without webpack and an edit never runs a stale bundle.
 */
export async function prebuiltWorkflowBundle(options: PrebuiltBundleOptions = {}): Promise<PrebuiltBundle> {
  const entries: WorkflowBundleEntries = {
    workflowsPath: path.resolve(options.workflowsPath ?? defaultWorkflowsPath()),
    failureConverterPath: options.failureConverterPath && path.resolve(options.failureConverterPath),
    payloadConverterPath: options.payloadConverterPath && path.resolve(options.payloadConverterPath),
  };
  const entryFiles = [entries.workflowsPath, entries.failureConverterPath, entries.payloadConverterPath].filter(
    (f): f is string => !!f,
  );
  const sourceFiles = options.sourceFiles ?? workflowSourceFiles(entryFiles);
  const key = workflowBundleKey(entries, sourceFiles, options.lockfile ?? path.join(REPO_ROOT, 'package-lock.json'));
  const cacheDir = options.cacheDir ?? defaultBundleCacheDir();
  const codePath = path.join(cacheDir, `workflow-bundle-${key.slice(0, 32)}.js`);
  if (fs.existsSync(codePath)) {
    const now = new Date();
    fs.utimesSync(codePath, now, now);
    return { codePath, key, built: false, sourceFiles };
  }
  const { code } = await bundleWorkflowCode({ ...entries, logger: options.logger });
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${codePath}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, codePath);
  pruneOldBundles(cacheDir, codePath);
  return { codePath, key, built: true, sourceFiles };
}
