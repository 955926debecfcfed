import { ensure } from '../../scripts/ensureTemporal.cjs';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { dataConverterFor } from '../../codec/dataConverter';
import { parsePayloadKeys } from '../../codec/keyRing';
import { Order } from '../../domain/order';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { keysVariable, randomKey, SECRET_EMAIL } from './support';

/**
 * What support types: the real Temporal CLI reading an encrypted journey through the API's codec endpoint, on a
 * real dev server with the real worker. `workflow metadata` is the one that sends `{}` (its query has no
 * arguments, and proto3 JSON leaves out an empty list), which the endpoint once refused with 400.
 */
const TASK_QUEUE = 'codec-cli';
const TOKEN = randomBytes(32).toString('base64url');
const SECRET_LAST_NAME = 'Lovelace-Clissima';
const dataConverter = dataConverterFor(parsePayloadKeys(keysVariable([['cli1', randomKey()]])))!;
const run = promisify(execFile);

let h: DevHarness | undefined;
let api: FastifyInstance | undefined;
let address: string;
let codecEndpoint: string;
let workflowId: string;

beforeAll(async () => {
  h = await startDevHarness(TASK_QUEUE, { dataConverter });
  api = await buildServer({
    gateway: temporalJourneyGateway(h.env.client, TASK_QUEUE),
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'error' },
    logger: false,
    codec: { codec: dataConverter.payloadCodecs![0], adminToken: TOKEN, uiOrigins: [] },
  });
  await api.listen({ port: 0, host: '127.0.0.1' });
  codecEndpoint = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/codec`;
  address = h.env.address;
  const order = Order.parse({
    orderId: 'CLI-1',
    placedAt: new Date().toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: { id: 'c-cli', email: SECRET_EMAIL, firstName: 'Ada', lastName: SECRET_LAST_NAME },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
  });
  ({ workflowId } = await temporalJourneyGateway(h.env.client, TASK_QUEUE).placeOrder(order));
  await h.sink.waitFor(1); // the journey ran: the worker answered with encrypted results
}, 120_000);

afterAll(async () => {
  await api?.close();
  await h?.close();
});

/** `temporal workflow <command> -w <id> …`; never throws: exit code and both streams. */
async function temporal(command: string[], codec: string[]): Promise<{ code: number; out: string }> {
  const args = ['workflow', ...command, '-w', workflowId, '--address', address, '--namespace', 'default', ...codec];
  try {
    const { stdout, stderr } = await run(ensure('temporal'), args, { timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      out: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
    };
  }
}

const withToken = () => ['--codec-endpoint', codecEndpoint, '--codec-auth', `Bearer ${TOKEN}`];

describe('the Temporal CLI with --codec-endpoint and --codec-auth', () => {
  it('workflow show --detailed prints the decrypted order', async () => {
    const { code, out } = await temporal(['show', '--detailed'], withToken());
    expect({ code, out }).toMatchObject({ code: 0 });
    expect(out).toContain(`input[0].customer.email: ${SECRET_EMAIL}`);
    expect(out).toContain(`input[0].customer.lastName: ${SECRET_LAST_NAME}`);
    expect(out).toContain('userMetadata.summary: Customer c-cli · store default');
  });

  it('workflow describe prints the decrypted summary', async () => {
    const { code, out } = await temporal(['describe'], withToken());
    expect({ code, out }).toMatchObject({ code: 0 });
    expect(out).toMatch(/StaticSummary\s+"Customer c-cli · store default"/);
  });

  it('workflow metadata prints the current details (its query sends `{}` to /codec/encode)', async () => {
    const { code, out } = await temporal(['metadata'], withToken());
    expect({ code, out }).toMatchObject({ code: 0 });
    expect(out).toContain('Customer c-cli · store default · 1 order(s)');
    expect(out).toMatch(/reassurance · order CLI-1/);
  });

  it('fails without the token, and without the codec shows only ciphertext', async () => {
    // show and describe retry the refused decode until their deadline ("context deadline exceeded"): 5 s is plenty.
    const commands = [['show', '--detailed'], ['describe'], ['metadata']];
    const refused = await Promise.all(
      commands.map((command) => temporal(command, ['--codec-endpoint', codecEndpoint, '--command-timeout', '5s'])),
    );
    for (const { code, out } of refused) {
      expect(code).not.toBe(0);
      expect(out).not.toContain(SECRET_EMAIL);
    }
    expect(refused[2].out).toMatch(/Unauthorized: \{"error":"unauthorized"/);
    const raw = await temporal(['show', '--detailed'], []);
    expect(raw.code).toBe(0);
    expect(raw.out).toMatch(/binary\/encrypted|YmluYXJ5L2VuY3J5cHRlZA/);
    for (const secret of [SECRET_EMAIL, SECRET_LAST_NAME, 'Customer c-cli']) expect(raw.out).not.toContain(secret);
  });
});
