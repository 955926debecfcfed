import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, isPortOpen, REPO_ROOT, sleep, tempDir, waitUntil } from '../helpers/faultProcesses';

/**
 * `npm start` as an operator runs it: scripts/start.ts in a process of its own, every port moved off the defaults
 * (PORT, TEMPORAL_ADDRESS and so the UI, SMTP_URL, MAIL_UI_PORT), its data in a temporary folder, and the
 * operator's own admin token. The Temporal dev server is SIGKILLed mid-run: npm start starts it again on its
 * SQLite file while the API keeps answering, and journeys from before and after the crash both work.
 */
const OPERATOR_TOKEN = randomBytes(32).toString('base64url');
const dataDir = tempDir('afterglow-start-');
const outputFile = path.join(dataDir, 'npm-start.out');

let start: ChildProcess | undefined;
let exited: Promise<number | null> | undefined;
let output = '';
const ports = { api: 0, grpc: 0, ui: 0, smtp: 0, mailUi: 0 };
const temporalPids = new Set<number>();

/** A gRPC port whose UI port (+1000, as the dev server derives it) is free too. */
async function devServerPorts(): Promise<{ grpc: number; ui: number }> {
  for (;;) {
    const grpc = await freePort();
    if (grpc + 1000 <= 65_535 && !(await isPortOpen(grpc + 1000))) return { grpc, ui: grpc + 1000 };
  }
}

const api = (route: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${ports.api}${route}`, { ...init, signal: AbortSignal.timeout(5_000) });
const admin = { authorization: `Bearer ${OPERATOR_TOKEN}` };

function order(customerId: string) {
  return {
    orderId: `${customerId}-1`,
    placedAt: new Date().toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: { id: customerId, email: `${customerId}@start.example.com`, firstName: 'Ada', acceptsMarketing: true },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
  };
}

/** The demo store's key npm start made (and printed in its curl line). */
const storeKey = () => fs.readFileSync(path.join(dataDir, 'store-key'), 'utf8').trim();

/** Places an order with the demo store's key, retried while the API's Temporal client reconnects. */
async function placeOrder(customerId: string): Promise<void> {
  const body = JSON.stringify(order(customerId));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${storeKey()}` };
  await waitUntil(
    `order of ${customerId} accepted`,
    async () => (await api('/v1/orders', { method: 'POST', headers, body }).catch(() => undefined))?.status === 202,
    60_000,
    500,
  );
}

/** Recipients of the emails in the mail catcher npm start runs (maildev's REST API). */
async function mailedTo(): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${ports.mailUi}/api/email`);
  const emails = (await response.json()) as { to: { address: string }[] }[];
  return emails.flatMap((email) => email.to.map((to) => to.address));
}

const outputHas = (text: string | RegExp) => (typeof text === 'string' ? output.includes(text) : text.test(output));

async function waitForOutput(text: string | RegExp, timeoutMs: number): Promise<void> {
  await waitUntil(
    `npm start output ${text}`,
    async () => {
      if (outputHas(text)) return true;
      if (start?.exitCode !== null) throw new Error(`npm start exited (${start?.exitCode}):\n${output.slice(-3_000)}`);
      return false;
    },
    timeoutMs,
    200,
  );
}

beforeAll(async () => {
  Object.assign(ports, await devServerPorts(), {
    api: await freePort(),
    smtp: await freePort(),
    mailUi: await freePort(),
  });
  // Afterglow's own settings from the environment this test runs in would change what npm start does: left out.
  const inherited = Object.entries(process.env).filter(
    ([name]) =>
      !/^(TEMPORAL_|AFTERGLOW_|SMTP_|MAIL_|DKIM_|SHOPIFY_|DATABASE_URL$|API_HOST$|PORT$|PUBLIC_URL$)/.test(name),
  );
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(inherited),
    PORT: String(ports.api),
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.grpc}`,
    TEMPORAL_TASK_QUEUE: 'start-supervision',
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    MAIL_UI_PORT: String(ports.mailUi),
    PUBLIC_URL: `http://localhost:${ports.api}`,
    AFTERGLOW_DATA_DIR: dataDir,
    AFTERGLOW_ADMIN_TOKEN: OPERATOR_TOKEN,
    LOG_LEVEL: 'warn',
  };
  start = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => start!.once('exit', (code) => resolve(code)));
  const record = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    fs.appendFileSync(outputFile, chunk);
    for (const [, pid] of output.matchAll(/\[temporal\] (?:dev server running|running again) \(pid (\d+)\)/g))
      temporalPids.add(Number(pid));
  };
  start.stdout!.on('data', record);
  start.stderr!.on('data', record);
  await waitForOutput('Afterglow is running', 240_000);
  // The curl line is printed after the banner, and may come in a later chunk of the pipe.
  await waitForOutput(/^ {2}curl .*$/m, 10_000);
}, 260_000);

afterAll(async () => {
  if (start && start.exitCode === null) {
    start.kill('SIGINT');
    const stopped = await Promise.race([exited, sleep(30_000).then(() => 'timeout')]);
    if (stopped === 'timeout') {
      start.kill('SIGKILL');
      temporalPids.forEach((pid) => process.kill(-pid, 'SIGKILL'));
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it('makes a key for the demo store, prints it in a curl line that works as pasted, and the API takes it', async () => {
  const curl = /^ {2}(curl .*)$/m.exec(output)?.[1];
  expect(curl).toContain(`-H "authorization: Bearer ${storeKey()}"`);
  expect(fs.statSync(path.join(dataDir, 'store-key')).mode & 0o777).toBe(0o600);
  // The printed line, run by a shell as the user would paste it.
  const pasted = await new Promise<string>((resolve, reject) =>
    execFile('bash', ['-c', curl!.replace('http://localhost:', 'http://127.0.0.1:')], (err, stdout) =>
      err ? reject(new Error('the pasted curl line failed', { cause: err })) : resolve(stdout),
    ),
  );
  expect(JSON.parse(pasted)).toEqual({ workflowId: 'customer/default/c-42' });
  const anonymous = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(order('c-anon')),
  });
  expect(anonymous.status).toBe(401);
});

it("keeps the operator's admin token and makes only the missing payload key", async () => {
  expect(fs.existsSync(path.join(dataDir, 'admin-token'))).toBe(false);
  expect(fs.readFileSync(path.join(dataDir, 'payload-keys'), 'utf8')).toMatch(/^dev1:/);
  expect(output).toMatch(
    /Email previews\s+http:\/\/localhost:\d+\/preview \(any user name, password \$AFTERGLOW_ADMIN_TOKEN\)/,
  );
  const preview = await api('/preview', { headers: admin });
  expect(preview.status).toBe(200);
  await preview.body?.cancel();
});

it('says where the API reference is, and it answers there', async () => {
  const match =
    /API reference\s+(http:\/\/localhost:\d+\/docs) \(OpenAPI document: (http:\/\/localhost:\d+\/openapi\.json)\)/.exec(
      output,
    );
  expect(match).not.toBeNull();
  const [docs, document] = [match![1], match![2]].map((url) => url.replace('http://localhost:', 'http://127.0.0.1:'));
  const page = await fetch(docs);
  expect({ status: page.status, type: page.headers.get('content-type') }).toMatchObject({ status: 200 });
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(((await fetch(document).then((r) => r.json())) as { openapi: string }).openapi).toMatch(/^3\.1/);
});

it('lets exactly the Web UI it started decode (both names of loopback, on the UI port in use), and says nothing is wrong', async () => {
  expect(output).toMatch(new RegExp(`Temporal Web UI\\s+http://localhost:${ports.ui}\\s`));
  const decode = (origin: string) =>
    api('/codec/decode', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
  for (const origin of [`http://localhost:${ports.ui}`, `http://127.0.0.1:${ports.ui}`]) {
    const response = await decode(origin);
    expect({ origin, status: response.status, body: await response.json() }).toEqual({
      origin,
      status: 200,
      body: { payloads: [] },
    });
  }
  for (const origin of ['http://localhost:8233', `http://localhost:${ports.api}`])
    expect((await decode(origin)).status).toBe(403);
  expect(output).not.toContain('[codec]');
  // …and that UI calls this API for decoding (what the dev server's --ui-codec-endpoint told it).
  const settings = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json()) as {
    Codec: { Endpoint: string };
  };
  expect(settings.Codec.Endpoint).toBe(`http://127.0.0.1:${ports.api}/codec`);
});

it('restarts a killed Temporal dev server while the API stays up; journeys from before and after go on', async () => {
  await placeOrder('c-before');
  await waitUntil(
    'the first reassurance email',
    async () => (await mailedTo()).includes('c-before@start.example.com'),
    60_000,
    500,
  );

  const [firstPid] = temporalPids;
  const health: string[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      health.push(
        await api('/healthz').then(
          (r) => String(r.status),
          (err: Error) => err.message,
        ),
      );
      await sleep(100);
    }
  })();
  process.kill(-firstPid, 'SIGKILL');
  await waitForOutput(
    /\[temporal\] killed by SIGKILL: restarting in 1 s \(journeys are kept in .*temporal\.db; the API answers 503/,
    30_000,
  );
  const pollsWhenDown = health.length;
  await waitForOutput(/\[temporal\] running again \(pid \d+\)/, 90_000);
  const pollsWhenUp = health.length;
  expect(temporalPids.size).toBe(2);

  // The journey from before the crash is still there (the dev server's SQLite file), read with the operator's token.
  await waitUntil(
    'c-before readable again',
    async () => (await api('/v1/customers/c-before', { headers: admin }).catch(() => undefined))?.status === 200,
    60_000,
    500,
  );
  // A new journey runs end to end: the worker came back too.
  await placeOrder('c-after');
  await waitUntil(
    'the second reassurance email',
    async () => (await mailedTo()).includes('c-after@start.example.com'),
    60_000,
    500,
  );
  polling = false;
  await poller;

  // /healthz was asked while the dev server was down, and answered every time.
  expect(pollsWhenUp).toBeGreaterThan(pollsWhenDown);
  expect(health.filter((status) => status !== '200')).toEqual([]);
  expect(output).not.toMatch(/stopping everything/);
}, 240_000);

it('stops everything on Ctrl-C', async () => {
  start!.kill('SIGINT');
  expect(await exited).toBe(0);
  for (const port of [ports.api, ports.grpc, ports.ui, ports.mailUi, ports.smtp])
    expect({ port, open: await isPortOpen(port) }).toEqual({ port, open: false });
}, 60_000);
