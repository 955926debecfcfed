import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/afterglow.cjs …` from the repo root as a person would. Asynchronous, so a server the test runs in
 * this process (the SMTP sink) keeps answering meanwhile. Settings come from `env` only, never from the developer's shell;
 * the content is the test fixture's unless `env` names another.
 */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStart?: (child: ChildProcess) => void,
): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'afterglow.cjs'), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AFTERGLOW_CONTENT_DIR: FIXTURE_CONTENT_DIR, ...env },
  });
  onStart?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
