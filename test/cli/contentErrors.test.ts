import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';
import { runCli } from './runCli';

/** Issue #21: preview, send-test and simulate report a content mistake exactly as validate does, and stop. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-content-errors-'));
const template = path.join(dir, 'templates', 'messages', 'how-to', 'en.mjml');
beforeAll(() => {
  for (const folder of ['journeys', 'catalog', 'stores', 'templates'])
    fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(dir, folder), { recursive: true });
  fs.writeFileSync(template, fs.readFileSync(template, 'utf8').replace('{{product.name}}', '{{product.nmae}}'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it.each([
  ['preview', ['preview', 'how-to', '--dir', dir]],
  ['send-test', ['send-test', 'how-to', '--to', 'marketer@example.com', '--dir', dir]],
  ['simulate', ['simulate', '--dir', dir]],
])('%s refuses with the file, line and message of validate, and no stack trace', async (_, args) => {
  const validate = await runCli(['validate', '--dir', dir]);
  const problem = validate.stdout.split('\n').find((l) => l.includes('nmae'))!;
  expect(problem).toMatch(/en\.mjml:\d+: product\.nmae: product has no "nmae"/);
  const result = await runCli(args, { SMTP_URL: 'smtp://127.0.0.1:9' });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('1 error in the content, as `afterglow validate` reports them:');
  expect(result.stderr).toContain(problem);
  expect(result.stderr).not.toMatch(/^\s+at /m);
});

it('a template the command does not use does not stop it, and previews land next to the content', async () => {
  const result = await runCli(['preview', 'reassurance', '--dir', dir]);
  expect(result.code).toBe(0);
  expect(fs.existsSync(path.join(dir, 'out', 'preview', 'reassurance.en.html'))).toBe(true);
});
