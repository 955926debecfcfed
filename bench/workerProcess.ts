import { NativeConnection } from '@temporalio/worker';
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { createMailTransport } from '../activities/mailTransport';
import { sampleMessageInput } from '../authoring/sampleMessage';
import { loadContent } from '../definitions/content';
import { buildContext } from '../rendering/buildContext';
import { TemplateLibrary } from '../rendering/compiledTemplates';
import { renderMessage } from '../rendering/renderMessage';
import { createJourneyWorker, type JourneyWorkerOptions } from '../worker/createWorker';
import { openJourneyDependencies } from '../worker/journeyDependencies';
import { quietRuntime } from '../worker/quietRuntime';
import { REPO_ROOT } from './shared';

/**
 * The journey worker in a process of its own (createJourneyWorker + openJourneyDependencies, SMTP pool to the
 * bench's sink), so its RSS is the worker's alone. The bench talks to it over the fork IPC channel.
 */
export interface WorkerProcessConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  smtpUrl: string;
  workflowCode?: 'prebuilt' | 'bundle-at-start';
  tuning?: JourneyWorkerOptions['tuning'];
}

export interface WorkerReady {
  createMs: number;
  maxCachedWorkflows: number;
  heapLimitMb: number;
}

export interface Usage {
  /** MB */
  rss: number;
  heapUsed: number;
  /** CPU time of the whole process (every thread) since it started, ms. */
  cpuMs: number;
}

type Request =
  | { id: number; type: 'usage' }
  | { id: number; type: 'blast'; count: number; concurrency: number; domain: string }
  | { id: number; type: 'stop' };

const MAIL_FROM = 'Afterglow Demo Store <hello@bench.localhost>';

const mb = (bytes: number) => bytes / 1_048_576;

async function child(config: WorkerProcessConfig): Promise<void> {
  quietRuntime();
  const content = loadContent(REPO_ROOT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-bench-worker-'));
  const deps = await openJourneyDependencies({
    content: () => content,
    smtpUrl: config.smtpUrl,
    dataDir,
    mailFrom: MAIL_FROM,
    publicUrl: 'https://afterglow.bench.localhost',
    linkSecrets: [randomBytes(32).toString('hex')],
  });
  const connection = await NativeConnection.connect({ address: config.address });
  const started = performance.now();
  const worker = await createJourneyWorker({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    activities: deps.activities,
    workflowCode: config.workflowCode,
    tuning: config.tuning,
  });
  const createMs = performance.now() - started;
  const running = worker.run();
  const send = (message: object) => process.send!(message);

  const answer = async (request: Request) => {
    try {
      if (request.type === 'usage') {
        const m = process.memoryUsage();
        const cpu = process.cpuUsage();
        send({
          id: request.id,
          rss: mb(m.rss),
          heapUsed: mb(m.heapUsed),
          cpuMs: (cpu.user + cpu.system) / 1000,
        } satisfies Usage & { id: number });
      } else if (request.type === 'blast') {
        send({
          id: request.id,
          startedAt: await blast(config.smtpUrl, request.count, request.concurrency, request.domain),
        });
      } else {
        worker.shutdown();
        await running;
        await connection.close();
        await deps.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.send!({ id: request.id }, () => process.exit(0));
      }
    } catch (err) {
      send({ id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  };
  process.on('message', (request: Request) => void answer(request));
  // An orphan (the bench died) must not poll on forever.
  process.once('disconnect', () => process.exit(1));
  const heapLimitMb = mb(v8.getHeapStatistics().heap_size_limit);
  send({
    type: 'ready',
    createMs,
    maxCachedWorkflows: worker.options.maxCachedWorkflows,
    heapLimitMb,
  } satisfies WorkerReady & { type: string });
  await running;
}

/**
 * The bare baseline: nodemailer's pooled transport (the worker's own settings) sending one rendered how-to email
 * `count` times, `concurrency` sends in flight like the worker's activity slots. No Temporal, no ledger, no render
 * per send. Returns when the first send started (Date.now()).
 */
async function blast(smtpUrl: string, count: number, concurrency: number, domain: string): Promise<number> {
  const content = loadContent(REPO_ROOT);
  const library = new TemplateLibrary(path.join(REPO_ROOT, 'templates'));
  const input = sampleMessageInput(content, {
    template: 'how-to',
    locale: 'en',
    publicUrl: 'https://afterglow.bench.localhost',
    now: new Date(),
  });
  const rendered = await renderMessage(library, 'how-to', 'en', buildContext(input));
  const transport = createMailTransport(smtpUrl);
  const startedAt = Date.now();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++)
          await transport.sendMail({
            from: MAIL_FROM,
            to: `blast-${i}@${domain}`,
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            messageId: `<blast-${i}-${randomBytes(8).toString('hex')}@bench.localhost>`,
            headers: { 'X-Afterglow-Step': 'blast', 'X-Afterglow-Category': 'service' },
          });
      }),
    );
  } finally {
    transport.close();
  }
  return startedAt;
}

/** Forks the worker process (tsx, no build step) and resolves once it polls its task queue. */
export async function startWorkerProcess(config: WorkerProcessConfig) {
  const proc: ChildProcess = fork(__filename, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, BENCH_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // Core's warning for each workflow task that took over 5 s is counted, not printed: an overload floods it.
  let slowTasks = 0;
  let partial = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.includes('TMPRL1104')) slowTasks++;
      else process.stderr.write(`${line}\n`);
    }
  });
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const ready = new Promise<WorkerReady>((resolve, reject) => {
    proc.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') return resolve(message as unknown as WorkerReady);
      const waiting = pending.get(message.id as number);
      pending.delete(message.id as number);
      if (message.error) waiting?.reject(new Error(`worker process: ${message.error as string}`));
      else waiting?.resolve(message);
    });
    proc.once('exit', (code) => {
      exited = true;
      const err = new Error(`bench worker process exited with ${code}`);
      reject(err);
      for (const w of pending.values()) w.reject(err);
    });
  });
  const call = (request: Record<string, unknown> & { type: Request['type'] }, timeoutMs = 120_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(
        () => reject(new Error(`worker process: no answer to ${request.type} within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      proc.send({ ...request, id });
    });
  const info = await ready;
  return {
    info,
    pid: proc.pid!,
    /** Workflow tasks that took over 5 s so far (core warning TMPRL1104). */
    slowTasks: () => slowTasks,
    usage: async (): Promise<Usage> => (await call({ type: 'usage' })) as unknown as Usage,
    /** Resolves with the instant (Date.now()) the child started sending. */
    blast: async (count: number, concurrency: number, domain: string) =>
      (await call({ type: 'blast', count, concurrency, domain })).startedAt as number,
    async stop(): Promise<void> {
      if (exited) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      await call({ type: 'stop' }, 30_000).catch(() => proc.kill('SIGKILL'));
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000)).then(() => proc.kill('SIGKILL'))]);
    },
  };
}
export type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;

if (require.main === module) {
  child(JSON.parse(process.env.BENCH_WORKER_CONFIG!) as WorkerProcessConfig).catch((err) => {
    console.error(`bench worker process: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
    process.exit(1);
  });
}
