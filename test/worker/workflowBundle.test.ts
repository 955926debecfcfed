import { DefaultLogger, Worker } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  defaultWorkflowsPath,
  prebuiltWorkflowBundle,
  workflowBundleKey,
  workflowSourceFiles,
} from '../../worker/workflowBundle';
import { quietRuntime } from '../../worker/quietRuntime';
import { historyDataConverter } from '../histories/payloadKeys';

const REPO_ROOT = path.resolve(__dirname, '../..');
const logger = new DefaultLogger('WARN');

/**
 * A throwaway project: a workflows module importing a rules file, a lockfile, and the repository's node_modules
 * (symlinked) for the SDK the bundler pulls in. The real workflow files are only read, never edited.
 */
function tempProject() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-bundle-'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(root, 'workflows'));
  fs.mkdirSync(path.join(root, 'rules'));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('workflows/index.ts', `export { greet } from './greet';\n`);
  write(
    'workflows/greet.ts',
    `import { sleep } from '@temporalio/workflow';\nimport {\n  greeting,\n} from '../rules/greeting';\n\nexport async function greet(name: string): Promise<string> {\n  await sleep(1);\n  return greeting(name);\n}\n`,
  );
  write('rules/greeting.ts', `export const greeting = (name: string) => 'hello ' + name;\n`);
  write('package-lock.json', '{"lockfileVersion":3}\n');
  return {
    root,
    write,
    options: {
      workflowsPath: path.join(root, 'workflows/index.ts'),
      lockfile: path.join(root, 'package-lock.json'),
      cacheDir: path.join(root, 'cache'),
      logger,
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
  quietRuntime();
  project = tempProject();
});
afterAll(() => project?.remove());

it('follows relative imports (multi-line and type-only too) and leaves packages to the lockfile', () => {
  const files = workflowSourceFiles([project.options.workflowsPath]).map((f) => path.relative(project.root, f));
  expect(files).toEqual(['rules/greeting.ts', 'workflows/greet.ts', 'workflows/index.ts']);
  const real = workflowSourceFiles([defaultWorkflowsPath()]).map((f) => path.relative(REPO_ROOT, f));
  expect(real).toEqual(
    expect.arrayContaining(['workflows/customerJourney.ts', 'rules/schedule.ts', 'client/searchAttributes.ts']),
  );
  expect(real.every((f) => !f.startsWith('node_modules'))).toBe(true);
});

it('reuses the bundle while the sources are unchanged and rebuilds when a source file or the lockfile changes', async () => {
  const first = await prebuiltWorkflowBundle(project.options);
  expect(first.built).toBe(true);
  expect(fs.readFileSync(first.codePath, 'utf8')).toContain("'hello ' + name");

  const again = await prebuiltWorkflowBundle(project.options);
  expect(again).toMatchObject({ built: false, codePath: first.codePath, key: first.key });

  // Same content, newer modification time: still the same bundle.
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(project.root, 'rules/greeting.ts'), later, later);
  expect(await prebuiltWorkflowBundle(project.options)).toMatchObject({ built: false, codePath: first.codePath });

  // A file two imports deep changes: a new bundle with the new code, the old one is not used.
  project.write('rules/greeting.ts', `export const greeting = (name: string) => 'good morning ' + name;\n`);
  const edited = await prebuiltWorkflowBundle(project.options);
  expect(edited.built).toBe(true);
  expect(edited.codePath).not.toBe(first.codePath);
  const code = fs.readFileSync(edited.codePath, 'utf8');
  expect(code).toContain("'good morning ' + name");
  expect(code).not.toContain("'hello ' + name");
  expect(await prebuiltWorkflowBundle(project.options)).toMatchObject({ built: false, codePath: edited.codePath });

  const entries = { workflowsPath: project.options.workflowsPath };
  const files = workflowSourceFiles([entries.workflowsPath]);
  const before = workflowBundleKey(entries, files, project.options.lockfile);
  project.write('package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/x":{"version":"1.0.1"}}}\n');
  expect(workflowBundleKey(entries, files, project.options.lockfile)).not.toBe(before);
  expect(
    workflowBundleKey(
      { ...entries, failureConverterPath: path.join(REPO_ROOT, 'codec/failureConverter.ts') },
      files,
      project.options.lockfile,
    ),
  ).not.toBe(workflowBundleKey(entries, files, project.options.lockfile));
});

it('a file newly imported by a workflow file joins the key', () => {
  const entries = { workflowsPath: project.options.workflowsPath };
  const key = () => workflowBundleKey(entries, workflowSourceFiles([entries.workflowsPath]), project.options.lockfile);
  const before = key();
  project.write('rules/extra.ts', `export const extra = 1;\n`);
  expect(key()).toBe(before);
  project.write('workflows/index.ts', `export { greet } from './greet';\nexport { extra } from '../rules/extra';\n`);
  const withImport = key();
  expect(withImport).not.toBe(before);
  project.write('rules/extra.ts', `export const extra = 2;\n`);
  expect(key()).not.toBe(withImport);
});

it('the prebuilt bundle of the real workflows replays the saved histories', async () => {
  // The saved histories are encrypted: the worker's converters, as with AFTERGLOW_PAYLOAD_KEYS set.
  const dataConverter = historyDataConverter();
  const bundle = await prebuiltWorkflowBundle({
    cacheDir: path.join(project.root, 'real-cache'),
    failureConverterPath: dataConverter.failureConverterPath,
    logger,
  });
  expect(bundle.built).toBe(true);
  // Every cached journey holds the modules its code loads: the protobuf descriptors of @temporalio/proto (pulled in
  // once by a value import in a module workflows share) made the bundle 8.5 MB and each journey ~4 MB of RSS.
  const code = fs.readFileSync(bundle.codePath, 'utf8');
  expect({
    protobufjs: code.includes('node_modules/protobufjs/'),
    descriptors: code.includes('node_modules/@temporalio/proto/'),
    underSixMegabytes: code.length < 6_000_000, // 4.0 MB with the workflows of today
  }).toEqual({ protobufjs: false, descriptors: false, underSixMegabytes: true });
  const dir = path.join(REPO_ROOT, 'test/histories');
  const histories = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ workflowId: f, history: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
  expect(histories.length).toBeGreaterThan(0);
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: bundle.codePath }, dataConverter },
    histories,
  ))
    expect({ file: result.workflowId, error: result.error }).toEqual({ file: result.workflowId, error: undefined });
});
