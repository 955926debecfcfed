import { startChild } from '../../scripts/start/processes';
import { type RunHooks, Supervised } from '../../scripts/start/supervisor';
import { sleep, waitUntil } from '../helpers/faultProcesses';

/**
 * npm start's restart policy on real processes (node one-liners that exit when told), with delays shortened from
 * 1 s doubling to 30 s so that the test runs in moments.
 */
const DELAYS = { first: 40, max: 160, stableAfter: 60_000 };

function harness(script: string, extra: { onExitDuringStartUp?: (description: string) => void } = {}) {
  const lines: string[] = [];
  const log = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
  const pids: number[] = [];
  const launch = async (run: RunHooks) => {
    const child = await startChild({
      name: 'child',
      command: process.execPath,
      args: ['-e', script],
      cwd: __dirname,
      env: process.env,
      onUnexpectedExit: run.onExit,
    });
    pids.push(child.pid);
    return child;
  };
  const service = new Supervised({
    name: 'child',
    launch,
    onExitDuringStartUp: extra.onExitDuringStartUp ?? (() => undefined),
    restartNote: 'state kept',
    log,
    delays: DELAYS,
  });
  return { service, lines, pids };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('restarts a process that exits once the system is up, with growing delays up to the cap', async () => {
  const { service, lines, pids } = harness('setTimeout(() => process.exit(3), 30)');
  await service.start();
  service.keepRunning();
  await waitUntil('five restarts', async () => pids.length >= 6, 10_000, 10);
  await service.stop();
  const restarts = lines.filter((line) => line.includes('restarting'));
  expect(restarts.slice(0, 5)).toEqual([
    '[child] exited with code 3: restarting in 0.04 s (state kept)',
    '[child] exited with code 3: restarting in 0.08 s (state kept)',
    '[child] exited with code 3: restarting in 0.16 s (state kept)',
    '[child] exited with code 3: restarting in 0.16 s (state kept)',
    '[child] exited with code 3: restarting in 0.16 s (state kept)',
  ]);
  expect(lines).toContain(`[child] running again (pid ${pids[1]})`);
  expect(new Set(pids).size).toBe(pids.length); // a new process each time
});

it('before keepRunning, an exit is handed to npm start (which stops everything) instead of a restart', async () => {
  const exits: string[] = [];
  const { service, lines, pids } = harness('setTimeout(() => process.exit(2), 30)', {
    onExitDuringStartUp: (description) => exits.push(description),
  });
  await service.start();
  await waitUntil('the exit', async () => exits.length > 0, 5_000, 10);
  await sleep(3 * DELAYS.max);
  expect(exits).toEqual(['exited with code 2']);
  expect(pids).toHaveLength(1);
  expect(lines).toEqual([]);
});

it('stop() ends the running process and cancels a pending restart', async () => {
  const running = harness('setInterval(() => {}, 1000)');
  await running.service.start();
  running.service.keepRunning();
  const [pid] = running.pids;
  expect(running.service.pid).toBe(pid);
  await running.service.stop();
  expect(alive(pid)).toBe(false);

  const crashing = harness('setTimeout(() => process.exit(1), 10)');
  await crashing.service.start();
  crashing.service.keepRunning();
  await waitUntil('the restart announced', async () => crashing.lines.length > 0, 5_000, 5);
  await crashing.service.stop();
  await sleep(3 * DELAYS.max);
  expect(crashing.pids).toHaveLength(1);
});
