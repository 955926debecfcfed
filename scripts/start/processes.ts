import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Something `npm start` brought up and must take down again. */
export interface Service {
  name: string;
  stop(): Promise<void>;
  /** Child processes only: SIGKILL now, synchronously (for process 'exit' handlers, where nothing async runs). */
  killNow?(): void;
}

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where its output goes: the terminal with a `[name]` prefix, or this file (one run's worth unless appendLog). */
  logFile?: string;
  appendLog?: boolean;
  /** Called when it exits without having been asked to stop. */
  onUnexpectedExit(description: string): void;
}

export interface ChildService extends Service {
  pid: number;
  killNow(): void;
}

const STOP_TIMEOUT_MS = 15_000;

/**
 * Runs a child in its own process group, so a terminal Ctrl-C reaches only `npm start`, which then stops the
 * children in order; signals go to the whole group so grandchildren (tsx runs node under itself) stop too.
 */
export async function startChild(options: ChildOptions): Promise<ChildService> {
  const logFd = options.logFile ? fs.openSync(options.logFile, options.appendLog ? 'a' : 'w') : undefined;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
  });
  if (logFd !== undefined) fs.closeSync(logFd); // the child holds its own copy
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) =>
      reject(new Error(`could not start ${options.name} (${options.command}): ${err.message}`)),
    );
  });
  const pid = child.pid!;
  if (child.stdout) prefixLines(child.stdout, process.stdout, options.name);
  if (child.stderr) prefixLines(child.stderr, process.stderr, options.name);

  let stopping = false;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      signalGroup(pid, 'SIGKILL'); // anything it left behind in its group
      if (!stopping) options.onUnexpectedExit(signal ? `killed by ${signal}` : `exited with code ${code}`);
      resolve();
    });
  });

  return {
    name: options.name,
    pid,
    killNow: () => {
      stopping = true;
      signalGroup(pid, 'SIGKILL');
    },
    async stop() {
      stopping = true;
      if (exited) return;
      signalGroup(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exit.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        console.warn(`[${options.name}] still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM: sending SIGKILL`);
        signalGroup(pid, 'SIGKILL');
        await exit;
      }
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: the group is already gone
  }
}

/** Copies lines to `to` as `[name] line`, without doubling a prefix the child already wrote itself. */
function prefixLines(from: Readable, to: Writable, name: string): void {
  const prefix = `[${name}]`;
  readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    to.write(line.startsWith(prefix) ? `${line}\n` : `${prefix} ${line}\n`);
  });
}
