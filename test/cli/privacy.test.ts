import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { PayloadKeyRing } from '../../codec/keyRing';
import { Order } from '../../domain/order';
import { recordingGateway } from '../../measurement/recordingGateway';
import { sealingJourneyGateway } from '../../privacy/sealingGateway';
import { personalDataVault } from '../../privacy/vault';
import { emailHash } from '../../storage/email';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { waitUntil } from '../helpers/faultProcesses';
import { zoneInsideSendWindow } from '../../devtools/sendWindowZone';
import { runCli } from './runCli';

/** `afterglow export`, `erase` and `privacy-request` against the database and Temporal the API and worker use. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-privacy-cli-'));
const TASK_QUEUE = 'privacy-cli';
const EMAIL = 'cli.person@example.com';
const vaultKey = randomBytes(32);

let h: DevHarness;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  // Where `npm start` keeps the vault keys: the CLI finds them there by itself.
  fs.writeFileSync(path.join(dataDir, 'vault-keys'), `v1:${vaultKey.toString('base64')}`, { mode: 0o600 });
  const vaultKeys = new PayloadKeyRing([{ id: 'v1', key: vaultKey }]);
  h = await startDevHarness(TASK_QUEUE, { dataDir, vaultKeys });
  env = { TEMPORAL_ADDRESS: h.env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE, AFTERGLOW_DATA_DIR: dataDir };
  const gateway = recordingGateway(
    sealingJourneyGateway(
      temporalJourneyGateway(h.env.client, TASK_QUEUE),
      personalDataVault(h.deps.stores.db, vaultKeys),
    ),
    h.deps.stores.facts,
    () => 86_400_000,
  );
  await gateway.placeOrder(
    Order.parse({
      orderId: 'CLI-1',
      placedAt: new Date().toISOString(),
      currency: 'USD',
      total: '58.00',
      customer: {
        id: 'c-cli',
        email: EMAIL,
        firstName: 'Clementine',
        timezone: zoneInsideSendWindow(),
        acceptsMarketing: true,
      },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    }),
  );
  await waitUntil('the email', async () => h.sink.mails.find((m) => m.envelopeTo.includes(EMAIL)), 30_000);
}, 120_000);
afterAll(async () => {
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('shows support the address the journey holds sealed, opened with the data folder vault keys', async () => {
  const status = await runCli(['status', 'c-cli'], env);
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(EMAIL);
  expect(status.stdout).not.toContain('afterglow-sealed:');
});

it('exports the customer as JSON with their address opened, then erases them; the request id tells where each stands', async () => {
  const exported = await runCli(['export', 'c-cli', '--store', 'default'], env);
  expect(exported.code).toBe(0);
  const data = JSON.parse(exported.stdout) as {
    customerId: string;
    journey: { contact: { email: string; firstName: string } };
    orders: { order_id: string }[];
  };
  expect(data.customerId).toBe('c-cli');
  expect(data.journey.contact).toMatchObject({ email: EMAIL, firstName: 'Clementine' });
  expect(data.orders.map((o) => o.order_id)).toEqual(['CLI-1']);

  const erased = await runCli(
    ['erase', 'c-cli', '--store', 'default', '--email', 'cli.other@example.com', '--source', 'ticket-7'],
    env,
  );
  expect(erased.code).toBe(0);
  const view = JSON.parse(erased.stdout) as { id: string; status: string; source: string; detail: string };
  expect(view).toMatchObject({ status: 'done', source: 'ticket-7' });
  expect(JSON.parse(view.detail)).toMatchObject({ keys: 1, fact_orders: 1, suppressed: 2 });
  const blocked = await h.deps.stores.db
    .selectFrom('address_blocks')
    .select(['email_hash', 'reason', 'customer_id'])
    .execute();
  expect(blocked).toEqual(
    expect.arrayContaining([
      { email_hash: emailHash(EMAIL), reason: 'erased', customer_id: null },
      { email_hash: emailHash('cli.other@example.com'), reason: 'erased', customer_id: null },
    ]),
  );

  const followed = await runCli(['privacy-request', view.id], env);
  expect(followed.code).toBe(0);
  expect(JSON.parse(followed.stdout)).toMatchObject({
    id: view.id,
    kind: 'erasure',
    customerId: 'c-cli',
    status: 'done',
  });
});

it('stores an erasure while Temporal is unreachable and says it is not done yet', async () => {
  const offline = await runCli(['erase', 'c-offline', '--store', 'default'], {
    ...env,
    TEMPORAL_ADDRESS: '127.0.0.1:9',
  });
  expect(offline.code).toBe(1);
  expect(offline.stderr).toMatch(
    /pr_[0-9a-f-]{36} is stored but not done yet \(attempt 1 failed: Temporal did not answer within 3 s\)/,
  );
  expect(JSON.parse(offline.stdout)).toMatchObject({ kind: 'erasure', customerId: 'c-offline', status: 'pending' });
});

it('refuses an address that is not one, and a request id it does not know', async () => {
  const bad = await runCli(['erase', 'c-cli', '--email', 'not-an-address'], env);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('--email "not-an-address": not an email address');
  const unknown = await runCli(['privacy-request', 'pr_00000000-0000-0000-0000-000000000000'], env);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('no privacy request pr_00000000-0000-0000-0000-000000000000');
});
