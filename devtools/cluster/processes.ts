import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { isPortOpen } from '../../scripts/start/waitFor';

/**
 * Long-running processes a cluster is made of, each detached in its own process group with its output in
 * `<logDir>/<name>.log` and its pid in `<pidDir>/<name>.pid`, so that `npm run cluster -- stop` from another shell
 * (or a test's afterAll) finds them.
 */
export interface ProcessFolders {
  logDir: string;
  pidDir: string;
}

const pidFile = (folders: ProcessFolders, name: string) => path.join(folders.pidDir, `${name}.pid`);
export const logFile = (folders: ProcessFolders, name: string) => path.join(folders.logDir, `${name}.log`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of a running process of that name, if any (a pid file whose process is gone counts as none). */
export function runningPid(folders: ProcessFolders, name: string): number | undefined {
  const file = pidFile(folders, name);
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8'));
  return pid && alive(pid) ? pid : undefined;
}

export function startProcess(folders: ProcessFolders, name: string, command: string, args: string[], env = {}) {
  if (runningPid(folders, name)) return;
  fs.mkdirSync(folders.logDir, { recursive: true });
  fs.mkdirSync(folders.pidDir, { recursive: true });
  const out = fs.openSync(logFile(folders, name), 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...env },
  });
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(pidFile(folders, name), String(child.pid));
}

/** Whether something accepts connections on the loopback `port` now. */
export const portAccepts = (port: number) => isPortOpen('127.0.0.1', port);

/** Resolves once something accepts connections on the loopback `port`; throws after `timeoutMs`. */
export async function waitForPort(port: number, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portAccepts(port))) {
    if (Date.now() > deadline) throw new Error(`${what} does not accept connections on port ${port}`);
    await sleep(100);
  }
}

/** SIGTERM (SIGKILL with `kill`), then waits until the process is gone: SIGKILL after `graceMs`. */
export async function stopProcess(
  folders: ProcessFolders,
  name: string,
  options: { kill?: boolean; graceMs?: number },
) {
  const pid = runningPid(folders, name);
  if (pid) {
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // ESRCH: gone already
      }
    };
    signalGroup(options.kill ? 'SIGKILL' : 'SIGTERM');
    const deadline = Date.now() + (options.graceMs ?? 15_000);
    while (alive(pid)) {
      if (Date.now() > deadline) signalGroup('SIGKILL');
      await sleep(50);
    }
  }
  fs.rmSync(pidFile(folders, name), { force: true });
}

/** The last lines of a process's log, for an error message. */
export function logTail(folders: ProcessFolders, name: string, lines = 15): string {
  const file = logFile(folders, name);
  return fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    : '(no log)';
}
