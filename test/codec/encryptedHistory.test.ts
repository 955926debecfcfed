import { Client, type Connection, WorkflowFailedError } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { codecRoutes } from '../../api/routes/codec';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { SEARCH_ATTRIBUTES } from '../../client/searchAttributes';
import { dataConverterFor } from '../../codec/dataConverter';
import { EncryptionCodec, isEncryptedPayload } from '../../codec/encryptionCodec';
import { parsePayloadKeys } from '../../codec/keyRing';
import type { OrderInput } from '../../domain/order';
import { Order } from '../../domain/order';
import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { quietRuntime } from '../../worker/quietRuntime';
import { testApp } from '../api/helpers';
import { type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { devServer } from '../helpers/temporalBinaries';
import { openTestDependencies } from '../helpers/testDependencies';
import { keysVariable, randomKey, SECRET_EMAIL } from './support';
import { fixtureContent } from '../helpers/fixtureContent';

/**
 * The promise on a real dev server: with the keys configured, no personal data reaches Temporal in clear
 * (signal and workflow inputs, activity inputs and results, query results, memo, summaries, failure messages), while
 * the codec-enabled client, the worker and the codec endpoint still read everything.
 */
const keys = parsePayloadKeys(
  keysVariable([
    ['k2', randomKey()],
    ['k1', randomKey()],
  ]),
)!;
const dataConverter = dataConverterFor(keys)!;
const TASK_QUEUE = 'codec';
const SECRET_LAST_NAME = 'Lovelace-Privatissima';

let env: TestWorkflowEnvironment;
let sink: SmtpSink;
let deps: Awaited<ReturnType<typeof openTestDependencies>>;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  quietRuntime();
  [env, sink] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: { ...devServer(), searchAttributes: [...SEARCH_ATTRIBUTES] },
      client: { dataConverter },
    }),
    startSmtpSink(),
  ]);
  const content = fixtureContent();
  deps = await openTestDependencies(() => content, sink.url);
  // The real journey workflow plus a test-only one (memo, summary, failure), so the worker is built by hand;
  // the environment only hands the data converter to its own client.
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./fixtures/workflows'),
    activities: deps.activities,
    dataConverter,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await deps?.close();
  await sink?.close();
  await env?.teardown();
});

/** Every page of the history exactly as the server stores and serves it, read without any codec. */
async function rawHistory(connection: Connection, workflowId: string) {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  const pages: Buffer[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
    });
    pages.push(Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(page).finish()));
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events, bytes: Buffer.concat(pages) };
}

function expectNoPersonalData(bytes: Buffer) {
  for (const secret of [SECRET_EMAIL, 'ada.secret', SECRET_LAST_NAME]) expect(bytes.includes(secret)).toBe(false);
  expect(bytes.includes('binary/encrypted')).toBe(true);
}

const order: OrderInput = {
  orderId: 'codec-1001',
  placedAt: new Date().toISOString(),
  currency: 'USD',
  total: '58.00',
  customer: {
    id: 'c-codec',
    email: SECRET_EMAIL,
    firstName: 'Ada',
    lastName: SECRET_LAST_NAME,
    locale: 'en-US',
    timezone: 'America/New_York',
    acceptsMarketing: true,
  },
  lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
};

it('a real journey: the worker reads the encrypted order and sends the email; the server only ever holds ciphertext', async () => {
  const { workflowId } = await temporalJourneyGateway(env.client, TASK_QUEUE).placeOrder(Order.parse(order));
  expect(workflowId).toBe(customerWorkflowId('default', 'c-codec'));
  const [reassurance] = await sink.waitFor(1);
  expect(reassurance.envelopeTo).toEqual([SECRET_EMAIL]); // decrypted in the worker: signal and activity inputs

  // The codec-enabled client reads the state back (query result encrypted by the worker, decrypted here).
  const handle = env.client.workflow.getHandle(workflowId);
  let state = await handle.query(journeyState);
  for (let i = 0; i < 50 && !state.log.some((entry) => JSON.stringify(entry).includes('reassurance')); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await handle.query(journeyState);
  }
  expect(state.contact).toMatchObject({ email: SECRET_EMAIL, lastName: SECRET_LAST_NAME });

  const { events, bytes } = await rawHistory(env.connection, workflowId);
  expect(bytes.includes(workflowId)).toBe(true); // the scan does see what is stored in clear
  expect(events.some((e) => e.activityTaskCompletedEventAttributes)).toBe(true); // activities ran and are in the scan
  expectNoPersonalData(bytes);

  // The order is in there, encrypted: the signal's payload decrypts to it with the keys, not without.
  const signalPayloads = events.find((e) => e.workflowExecutionSignaledEventAttributes)!
    .workflowExecutionSignaledEventAttributes!.input!.payloads! as Payload[];
  expect(signalPayloads.length).toBeGreaterThan(0);
  expect(signalPayloads.every(isEncryptedPayload)).toBe(true);
  expect(() => defaultPayloadConverter.fromPayload(signalPayloads[0])).toThrow(/Unknown encoding: binary\/encrypted/);
  const [decrypted] = await new EncryptionCodec(keys).decode(signalPayloads);
  expect(defaultPayloadConverter.fromPayload<OrderInput>(decrypted).customer.email).toBe(SECRET_EMAIL);

  // What the Web UI does with that payload: POST it to the codec endpoint as protobuf JSON.
  const token = 'codec-admin-token-0123456789abcdef0123';
  const { app } = await testApp();
  await app.register(codecRoutes, {
    codec: new EncryptionCodec(keys),
    adminToken: token,
    uiOrigins: ['http://localhost:8233'],
  });
  const viaEndpoint = await app.inject({
    method: 'POST',
    url: '/codec/decode',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'http://localhost:8233' },
    payload: {
      payloads: signalPayloads.map((p) =>
        temporal.api.common.v1.Payload.toObject(p as temporal.api.common.v1.Payload, { bytes: String }),
      ),
    },
  });
  await app.close();
  expect(viaEndpoint.statusCode).toBe(200);
  const [shown] = viaEndpoint.json<{ payloads: { data: string }[] }>().payloads;
  expect(JSON.parse(Buffer.from(shown.data, 'base64').toString()).customer.email).toBe(SECRET_EMAIL);

  // A query answered to a client without the codec: ciphertext as well.
  const raw = await env.connection.workflowService.queryWorkflow({
    namespace: 'default',
    execution: { workflowId },
    query: { queryType: 'journeyState' },
  });
  const rawResult = Buffer.from(temporal.api.workflowservice.v1.QueryWorkflowResponse.encode(raw).finish());
  expect(rawResult.includes(SECRET_EMAIL)).toBe(false);
  const queryPayloads = raw.queryResult!.payloads! as Payload[];
  expect(queryPayloads.length).toBeGreaterThan(0);
  expect(queryPayloads.every(isEncryptedPayload)).toBe(true);
  const plainClient = new Client({ connection: env.connection, namespace: 'default' });
  await expect(plainClient.workflow.getHandle(workflowId).query(journeyState)).rejects.toThrow(
    /Unknown encoding: binary\/encrypted/,
  );
});

it('memo, summaries and failure messages are encrypted too, and decoded for the codec client', async () => {
  const handle = await env.client.workflow.start('failWithAddress', {
    workflowId: 'codec-failure',
    taskQueue: TASK_QUEUE,
    args: [SECRET_EMAIL],
    memo: { contact: SECRET_EMAIL },
    staticSummary: `bounce check for ${SECRET_EMAIL}`,
  });
  const failure = await handle.result().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect((failure as WorkflowFailedError).cause?.message).toBe(`mailbox ${SECRET_EMAIL} does not exist`);
  const description = await handle.describe();
  expect(description.memo).toEqual({ contact: SECRET_EMAIL });
  expect(await description.staticSummary()).toBe(`bounce check for ${SECRET_EMAIL}`);

  const { events, bytes } = await rawHistory(env.connection, 'codec-failure');
  expectNoPersonalData(bytes);
  const failed = events.find((e) => e.workflowExecutionFailedEventAttributes)!.workflowExecutionFailedEventAttributes!
    .failure!;
  expect(failed.message).toBe('Encoded failure');
  expect(isEncryptedPayload(failed.encodedAttributes as Payload)).toBe(true);
});
