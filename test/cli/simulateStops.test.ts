import { type ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runCli } from './runCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-simulate-stops-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const order = path.join(dir, 'order.json');
fs.writeFileSync(
  order,
  JSON.stringify({
    orderId: '1001',
    placedAt: '2026-03-02T15:00:00Z',
    currency: 'USD',
    total: '49.00',
    customer: { id: 'c-42', email: 'ada@example.com', timezone: 'America/New_York', acceptsMarketing: true },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '49.00' }],
  }),
);
const rebuyer = [
  'simulate',
  '--order',
  order,
  '--event',
  'delivered@+2d',
  ...Array.from({ length: 24 }, (_, i) => ['--event', `reorder@+${30 * (i + 1)}d`]).flat(),
];

/** A CLI run that does not end by itself is the failure under test: kill it (exit code null) rather than wait. */
const CLI_LIMIT_MS = 60_000;
const started: { child: ChildProcess; servers: Set<number> }[] = [];
afterEach(() => {
  // Whatever a failed run left behind, so that it cannot disturb other tests.
  for (const { child, servers } of started.splice(0)) {
    child.kill('SIGKILL');
    for (const pid of servers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});

/** The test servers a CLI process started, as long as it runs (they are its children). */
function serversOf(child: ChildProcess): Set<number> {
  const seen = new Set<number>();
  started.push({ child, servers: seen });
  const limit = setTimeout(() => child.kill('SIGKILL'), CLI_LIMIT_MS);
  const look = () => {
    const ps = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
    for (const line of ps.split('\n')) {
      const [pid, ppid, ...args] = line.trim().split(/\s+/);
      if (Number(ppid) === child.pid && args.join(' ').includes('temporal-test-server')) seen.add(Number(pid));
    }
  };
  const timer = setInterval(look, 100);
  child.on('exit', () => {
    clearInterval(timer);
    clearTimeout(limit);
  });
  return seen;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('afterglow simulate stops at --timeout with a message, exit code 1 and no test server left running', async () => {
  let servers = new Set<number>();
  // Two years of a monthly re-buyer take several seconds to simulate; 2 s is not enough.
  const result = await runCli([...rebuyer, '--timeout', '2'], {}, (child) => (servers = serversOf(child)));
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^afterglow: simulation stopped: it did not finish within 2 s \(the journey of customer c-42 \(store default\) had reached \d{4}-\d\d-\d\d \d\d:\d\d \(America\/New_York\)\); the simulated timeline is incomplete, so none of it is shown$/m,
  );
  expect(result.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
  expect(result.stdout).toBe('');
  expect(servers.size).toBe(1);
  for (const pid of servers) expect(alive(pid)).toBe(false);
});

it('afterglow simulate stops on SIGTERM mid-run, says so and leaves no test server running', async () => {
  let servers = new Set<number>();
  let cli: ChildProcess | undefined;
  const running = runCli(rebuyer, {}, (child) => {
    cli = child;
    servers = serversOf(child);
  });
  while (servers.size === 0) await delay(100);
  await delay(1_000); // the worker is up and the simulation under way
  cli!.kill('SIGTERM');
  const result = await running;
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^afterglow: simulation interrupted \(the journey of customer c-42 \(store default\) had reached .*\)$/m,
  );
  for (const pid of servers) expect(alive(pid)).toBe(false);
});

it('afterglow simulate names a bad --timeout and exits 1', async () => {
  const result = await runCli(['simulate', '--timeout', '0']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('afterglow: --timeout must be a number of seconds above 0, not "0"');
});
