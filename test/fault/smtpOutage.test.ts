import { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { customerWorkflowId } from '../../workflows/signals';
import {
  type Child,
  faultOrder,
  loopbackDevServer,
  sleep,
  spawnFaultWorker,
  tail,
  tempDir,
  waitUntil,
} from '../helpers/faultProcesses';
import { tally } from '../../devtools/deliveryTally';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { expectNoPersonalData, personalDataOf } from '../helpers/logCapture';

/**
 * The SMTP server goes away for a few seconds (its port refuses connections, the worker's pooled connections are
 * cut): journeys started meanwhile must retry, not give up and not send twice, and every email must arrive once
 * SMTP is back.
 */
const CUSTOMERS = 10;
const TASK_QUEUE = 'fault-smtp-outage';
const OUTAGE_MS = 4_000;
// After SMTP is back. The retry policy (10 s, then 20 s, 40 s …) brings the second attempt ~10 s after the first;
// 45 s also covers a third. FAULT_DELIVERY_DEADLINE_MS overrides it, to measure how long recovery really takes.
const DELIVERY_DEADLINE_MS = Number(process.env.FAULT_DELIVERY_DEADLINE_MS ?? 45_000);
const customers = Array.from({ length: CUSTOMERS }, (_, i) => `outage-${i}`);

let env: TestWorkflowEnvironment;
let sink: SmtpSink<ReceivedMail>;
let worker: Child | undefined;
const dataDir = tempDir('afterglow-fault-outage-');
const logFile = path.join(dataDir, 'worker.log');

beforeAll(async () => {
  [env, sink] = await Promise.all([
    TestWorkflowEnvironment.createLocal({ server: loopbackDevServer() }),
    startSmtpSink({ parse: false }),
  ]);
}, 60_000);

afterAll(async () => {
  worker?.kill();
  await worker?.exited;
  await sink?.close();
  await env?.teardown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it(
  'journeys started while SMTP refuses connections retry, and every email arrives exactly once when it is back',
  async () => {
    const spawned = spawnFaultWorker(
      { temporalAddress: env.address, taskQueue: TASK_QUEUE, smtpUrl: sink.url, dataDir },
      logFile,
    );
    worker = spawned;
    await spawned.ready;
    const gateway = temporalJourneyGateway(env.client, TASK_QUEUE);

    // A first email while SMTP is up, so that the worker's pool holds a connection the outage then cuts.
    await gateway.placeOrder(faultOrder('outage-warm'));
    await waitUntil('the warm-up email', async () => sink.mails.length === 1, 30_000);

    await sink.down();
    const downAt = Date.now();
    const since = (t: number) => `${((t - downAt) / 1000).toFixed(1)}s`;
    await Promise.all(customers.map((c) => gateway.placeOrder(faultOrder(c))));

    // Every journey's send has failed at least once and is scheduled again (attempt ≥ 2), and nothing arrived.
    const retrying = await waitUntil(
      'every send retrying',
      () => pendingSends(customers).then((p) => p.every((a) => a && a.attempt >= 2) && p),
      OUTAGE_MS + 10_000,
      200,
    );
    const retryingAt = Date.now();
    expect(sink.mails).toHaveLength(1);
    await sleep(downAt + OUTAGE_MS - Date.now());

    await sink.up();
    const upAt = Date.now();
    const expectedKeys = ['outage-warm', ...customers].map((c) => `${c}@fault.example.com reassurance`);
    const allDelivered = await waitUntil(
      'every email delivered',
      async () => tally(sink.mails, expectedKeys).delivered === expectedKeys.length,
      DELIVERY_DEADLINE_MS,
      200,
    )
      .then(() => Date.now())
      .catch(() => undefined);
    // Once no send is pending, nothing can arrive any more: the counts are final.
    const settled = await waitUntil(
      'sends settled',
      () => pendingSends(customers).then((p) => p.every((a) => !a)),
      10_000,
      500,
    ).catch(() => false);

    const t = tally(sink.mails, expectedKeys);
    const firstFailure = retrying[0]?.lastFailure ?? '';
    console.log(
      `outage test: expected=${t.expected} delivered=${t.delivered} duplicates=${t.duplicates} lost=${t.lost.length}` +
        ` outage=${((upAt - downAt) / 1000).toFixed(1)}s all-retrying=${since(retryingAt)} smtp-back=${since(upAt)}` +
        ` all-delivered=${allDelivered ? `${since(allDelivered)} (${((allDelivered - upAt) / 1000).toFixed(1)}s after SMTP came back)` : `NOT within ${DELIVERY_DEADLINE_MS / 1000}s of SMTP coming back`}` +
        ` settled=${settled ? 'yes' : 'no'}\n  while down: attempt ${retrying.map((a) => a?.attempt).join('/')}, last failure "${firstFailure}"`,
    );
    if (t.lost.length || t.duplicates) console.log(`worker log tail (${logFile}):\n${tail(logFile, 15)}`);
    expect({ duplicates: t.duplicates, lost: t.lost.length, unexpected: t.unexpected }).toEqual({
      duplicates: 0,
      lost: 0,
      unexpected: 0,
    });
    // The counts above are final only once no send is pending: without this, a late duplicate could still be on its way.
    expect(settled).toBe(true);
  },
  OUTAGE_MS + DELIVERY_DEADLINE_MS + 60_000,
);

it('the worker logged no customer address or name while SMTP was down', () => {
  expectNoPersonalData(worker!.output, personalDataOf(...['outage-warm', ...customers].map((c) => faultOrder(c))));
});

/** Each journey's pending sendMessage activity (attempt, last failure), or undefined when it has none. */
async function pendingSends(customers: string[]) {
  const described = await Promise.all(
    customers.map((c) => env.client.workflow.getHandle(customerWorkflowId('default', c)).describe()),
  );
  return described.map((d) => {
    const send = (d.raw.pendingActivities ?? []).find((a) => a.activityType?.name === 'sendMessage');
    return send ? { attempt: send.attempt ?? 0, lastFailure: send.lastFailure?.message ?? '' } : undefined;
  });
}
