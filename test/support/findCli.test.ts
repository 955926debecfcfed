import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { dataConverterFor } from '../../codec/dataConverter';
import { parsePayloadKeys } from '../../codec/keyRing';
import { Order } from '../../domain/order';
import { runCli } from '../cli/runCli';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { TEST_EMAIL_HASH_SECRET } from '../helpers/testDependencies';

/**
 * Support's CLI in the local setup: the data folder holds the payload keys and the EmailHash secret as `npm start`
 * keeps them, and nothing is exported. The worker encrypts with those keys and writes the send ledger there.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-find-'));
const PAYLOAD_KEYS = `local1:${randomBytes(32).toString('base64')}`;
fs.writeFileSync(path.join(dataDir, 'payload-keys'), PAYLOAD_KEYS);
fs.writeFileSync(path.join(dataDir, 'email-hash-secret'), TEST_EMAIL_HASH_SECRET);
const TASK_QUEUE = 'find-cli';

let h: DevHarness;
let env: NodeJS.ProcessEnv;
let messageId: string;
beforeAll(async () => {
  h = await startDevHarness(TASK_QUEUE, { dataConverter: dataConverterFor(parsePayloadKeys(PAYLOAD_KEYS)), dataDir });
  env = { TEMPORAL_ADDRESS: h.env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE, AFTERGLOW_DATA_DIR: dataDir };
  await temporalJourneyGateway(h.env.client, TASK_QUEUE).placeOrder(
    Order.parse({
      orderId: 'find-1001',
      placedAt: new Date().toISOString(),
      currency: 'USD',
      total: '58.00',
      customer: { id: 'c-find', email: 'ada.find@example.com', acceptsMarketing: true },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    }),
  );
  const [mail] = await h.sink.waitFor(1);
  messageId = mail.parsed.messageId!;
}, 90_000);
afterAll(async () => {
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Visibility is eventually consistent: run the command until its output matches. */
async function eventually(
  args: string[],
  pattern: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let last = { code: null as number | null, stdout: '', stderr: '' };
  for (let i = 0; i < 40; i++) {
    last = await runCli(args, env);
    if (pattern.test(last.stdout)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`output never matched ${pattern}:\n${last.stdout}\n${last.stderr}`);
}

it('finds the customer by the address on the ticket, typed as the ticket shows it', async () => {
  const found = await eventually(['find', '  Ada.Find@Example.COM '], /c-find/);
  expect(found.code).toBe(0);
  expect(found.stdout).toMatch(/default\s+c-find\s+find-1001/);
  expect(found.stdout).toContain('afterglow status c-find');
  expect(found.stdout).toMatch(/^Web UI search: EmailHash="[0-9a-f]{64}"$/m);
  expect(found.stdout.toLowerCase()).not.toContain('ada.find');
  expect((await runCli(['find', 'nobody@example.com'], env)).stdout).toMatch(/No customer found\.\n$/);
});

it('finds by order number, and by the Message-ID naming the order, journey, version and step', async () => {
  expect((await eventually(['find', 'find-1001'], /c-find/)).code).toBe(0);
  const byMessage = await runCli(['find', messageId], env);
  expect(byMessage.code).toBe(0);
  expect(byMessage.stdout).toMatch(
    new RegExp(
      `${messageId.replace(/[<>.]/g, '\\$&')}: order find-1001, journey post-purchase version \\S+, step reassurance \\(sent\\)`,
    ),
  );
  expect(byMessage.stdout).toContain('c-find');
});

it("status decodes with the data folder's payload keys, and says where it found them", async () => {
  const status = await runCli(['status', 'c-find'], env);
  expect(status.code).toBe(0);
  expect(status.stderr).toBe(`afterglow: payload keys from ${path.join(dataDir, 'payload-keys')}\n`);
  expect(status.stdout).toContain('Customer c-find');
  // The overview leads: the sentence, then upcoming in time order, then what was sent with its Message-ID.
  const [sentence, , upcoming, ...rest] = status.stdout.split('\n');
  expect(sentence).toMatch(/^(The next message is |No message has a time yet)/);
  expect(upcoming).toBe('Upcoming, in time order:');
  expect(rest.join('\n')).toMatch(
    new RegExp(`Sent, newest first:\n  \\S+ \\S+ UTC · reassurance · order find-1001 · ${messageId}`),
  );
});

it('after change-email the new address finds the customer', async () => {
  const changed = await runCli(
    ['change-email', 'c-find', 'ada.new@example.com', '--by', 'sam', '--reason', 'customer moved mailbox'],
    env,
  );
  expect(changed.code).toBe(0);
  expect((await eventually(['find', 'ada.new@example.com'], /c-find/)).code).toBe(0);
});
