import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256Hex } from '../../credentials/storeKeys';
import { loadStores } from '../../definitions/loadStores';
import { runCli } from './runCli';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-keys-'));
beforeAll(() => fs.cpSync(path.join(FIXTURE_CONTENT_DIR, 'stores'), path.join(dir, 'stores'), { recursive: true }));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const storeFile = path.join(dir, 'stores', 'default.yaml');

it('creates keys (printed once, hashed in the store file), lists and revokes them, keeping the file readable', async () => {
  const first = await runCli(['keys', 'create', '--store', 'default', '--dir', dir]);
  const second = await runCli(['keys', 'create', '--store', 'default', '--dir', dir]);
  expect([first.code, second.code]).toEqual([0, 0]);
  const [key1, key2] = [first, second].map((r) => r.stdout.split('\n')[0]);
  expect(key1).toMatch(/^agk_[a-z0-9]{8}_/);

  const text = fs.readFileSync(storeFile, 'utf8');
  expect(text).not.toContain(key1);
  expect(text).toContain(sha256Hex(key1));
  expect(text).toContain('# The demo store.'); // comments survive the edit
  const { keys } = loadStores(dir);
  expect(keys.map((k) => k.sha256)).toEqual([sha256Hex(key1), sha256Hex(key2)]);

  const id1 = keys[0].id;
  const list = await runCli(['keys', 'list', '--store', 'default', '--dir', dir]);
  expect(list.stdout).toContain(id1);
  expect(list.stdout).not.toContain(key1);

  expect(await runCli(['keys', 'revoke', '--store', 'default', '--key', id1, '--dir', dir])).toMatchObject({ code: 0 });
  expect(loadStores(dir).keys.map((k) => k.sha256)).toEqual([sha256Hex(key2)]);
  expect(await runCli(['keys', 'revoke', '--store', 'default', '--key', id1, '--dir', dir])).toMatchObject({
    code: 1,
    stderr: expect.stringContaining(`has no key ${id1}`),
  });
});

it('refuses a store without a settings file, pointing at the two ways to give it keys', async () => {
  const res = await runCli(['keys', 'create', '--store', 'tokyo', '--dir', dir]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/tokyo\.yaml does not exist.*AFTERGLOW_API_KEYS/);
  expect(await runCli(['keys', 'create', '--dir', dir])).toMatchObject({ code: 2 });
});
