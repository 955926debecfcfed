import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalJourneyGateway } from '../../client/journeyGateway';
import { type LiveContent, watchLiveContent } from '../../definitions/liveContent';
import { Order } from '../../domain/order';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { runCli } from './runCli';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/** A private copy of the marketer files that the test edits while customers are in the journey. */
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-journeys-cli-'));
for (const folder of ['journeys', 'catalog', 'stores', 'templates'])
  fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(contentDir, folder), { recursive: true });
const journeyFile = path.join(contentDir, 'journeys/post-purchase.yaml');
const dataDir = path.join(contentDir, 'data');
let live: LiveContent;
const content = () => live.current();
const TASK_QUEUE = 'journeys-cli';

let h: DevHarness;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  live = await watchLiveContent({ contentDir, dataDir, log: () => {} });
  h = await startDevHarness(TASK_QUEUE, { content, dataDir });
  env = { TEMPORAL_ADDRESS: h.env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE, AFTERGLOW_DATA_DIR: dataDir };
}, 60_000);
afterAll(async () => {
  await h?.close();
  live?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

const journeys = () => runCli(['journeys', '--dir', contentDir], env);

/** Visibility is eventually consistent: run the command until its output matches. */
async function eventually(run: () => Promise<{ stdout: string }>, pattern: RegExp): Promise<string> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    last = (await run()).stdout;
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`output never matched ${pattern}:\n${last}`);
}

it('afterglow journeys counts running customers per version; journeys migrate moves an old version to the current one', async () => {
  const gateway = temporalJourneyGateway(h.env.client, TASK_QUEUE);
  const oldVersion = content().journeys[0].version;
  for (const id of ['v-1', 'v-2'])
    await gateway.placeOrder(
      Order.parse({
        orderId: `${id}-order`,
        placedAt: new Date().toISOString(),
        currency: 'USD',
        total: '58.00',
        customer: { id, email: `${id}@example.com`, acceptsMarketing: true },
        lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
      }),
    );
  await eventually(journeys, new RegExp(`current version ${oldVersion}: 2 running customers`));

  // The marketer edits the journey: a new version that the two customers do not get by themselves.
  fs.writeFileSync(
    journeyFile,
    fs.readFileSync(journeyFile, 'utf8').replace(/(- id: how-to[\s\S]*?after: )2h/, '$13h'),
  );
  await live.check();
  const newVersion = content().journeys[0].version;
  expect(newVersion).not.toBe(oldVersion);
  const listed = (await journeys()).stdout;
  expect(listed).toContain(`current version ${newVersion}: 0 running customers`);
  expect(listed).toContain(`older version   ${oldVersion}: 2 running`);

  const dry = await runCli(
    [
      'journeys',
      'migrate',
      'post-purchase',
      '--from',
      oldVersion,
      '--by',
      'ana',
      '--reason',
      'how-to timing',
      '--dry-run',
    ],
    env,
  );
  expect(dry).toMatchObject({ code: 0 });
  expect(dry.stdout).toContain(`post-purchase@${oldVersion}: 2 running customers; would move 2`);

  const moved = await runCli(
    ['journeys', 'migrate', 'post-purchase', '--from', oldVersion, '--by', 'ana', '--reason', 'how-to timing'],
    env,
  );
  expect(moved.stderr).toBe('');
  expect(moved).toMatchObject({ code: 0 });
  expect(moved.stdout).toContain(`post-purchase@${oldVersion}: 2 running customers; moved 2`);
  expect(moved.stdout).toMatch(
    new RegExp(`customer/default/v-1: migrated v-1-order/post-purchase: ${oldVersion} -> ${newVersion}`),
  );
  await eventually(journeys, new RegExp(`current version ${newVersion}: 2 running customers`));
});

it('refuses a version that could break out of the visibility query, with exit code 2', async () => {
  const bad = await runCli(
    ['journeys', 'migrate', 'post-purchase', '--from', 'x" OR "1"="1', '--by', 'ana', '--reason', 'oops'],
    env,
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('letters, digits, ".", "_" and "-" only');
});

it('still lists each journey and its current version when Temporal is out of reach, and exits 1', async () => {
  const result = await runCli(['journeys', '--dir', contentDir], { ...env, TEMPORAL_ADDRESS: '127.0.0.1:9' });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(`post-purchase  (`);
  expect(result.stdout).toContain(`current version ${content().journeys[0].version}`);
  expect(result.stderr).toContain('running customers unknown: cannot reach Temporal at 127.0.0.1:9');
});

it('shows a refused edit above the journeys (whose versions stay those of the set in use) and below a customer status, until it is fixed', async () => {
  const offline = { ...env, TEMPORAL_ADDRESS: '127.0.0.1:9' };
  const inUse = content().journeys[0].version;
  const text = fs.readFileSync(journeyFile, 'utf8');
  fs.writeFileSync(journeyFile, text.replace('template: cross-sell', 'template: cross-sel'));
  await live.check();
  const refused = (await runCli(['journeys', '--dir', contentDir], offline)).stdout;
  expect(refused).toMatch(
    /^content: degraded: the edit seen at .* was refused \(1 error\); customers keep content set [0-9a-f]{16}/,
  );
  expect(refused).toMatch(/post-purchase\.yaml:\d+: steps\[cross-sell\]\.template: no template "cross-sel"/);
  expect(refused).toContain(`current version ${inUse}`);
  // Support looking at a customer hears of it too (their pending messages render from the set their run pinned).
  const status = await runCli(['status', 'v-1'], { ...env, AFTERGLOW_CONTENT_DIR: contentDir });
  expect(status.stdout).toContain('v-1-order');
  expect(status.stdout).toMatch(/\ncontent: degraded: the edit seen at .* was refused \(1 error\)/);

  fs.writeFileSync(journeyFile, text);
  await live.check();
  const fixed = (await runCli(['journeys', '--dir', contentDir], offline)).stdout;
  expect(fixed).toMatch(/^content: content set [0-9a-f]{16} \(adopted /);
  expect(fixed).not.toContain('degraded');
  expect((await runCli(['status', 'v-1'], { ...env, AFTERGLOW_CONTENT_DIR: contentDir })).stdout).not.toContain(
    'content:',
  );
});
