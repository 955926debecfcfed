import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './runCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-demo-data-cli-'));
const env = { AFTERGLOW_DATA_DIR: dir };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('loads demo data once, says it is demo data and where to look, and removes it', async () => {
  const loaded = await runCli(['demo-data', '--customers', '100'], env);
  expect(loaded.code).toBe(0);
  expect(loaded.stdout).toContain('Loaded DEMO DATA');
  expect(loaded.stdout).toContain('every row marked demo = 1');
  expect(loaded.stdout).toContain('/report?storeId=demo');
  expect(loaded.stdout).toMatch(/fact_messages\s+[\d,]+/);

  const again = await runCli(['demo-data', '--customers', '100'], env);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('demo data is already loaded');

  const replaced = await runCli(['demo-data', '--customers', '100', '--replace'], env);
  expect(replaced.code).toBe(0);
  expect(replaced.stdout).toContain('Loaded DEMO DATA');

  const removed = await runCli(['demo-data', '--remove'], env);
  expect(removed.code).toBe(0);
  expect(removed.stdout).toContain('Removed the DEMO DATA');
  expect((await runCli(['demo-data', '--customers', '100'], env)).code).toBe(0);
});
