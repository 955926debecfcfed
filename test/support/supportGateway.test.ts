import { temporalJourneyGateway } from '../../client/journeyGateway';
import {
  CustomerNotFoundError,
  SupportActionFailed,
  SupportActionRejected,
  type SupportGateway,
  supportGateway,
} from '../../client/supportGateway';
import { Order } from '../../domain/order';
import { runCli } from '../cli/runCli';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';

/** The support gateway against the real dev server and worker: status, updates, the validator's rejections. */
let h: DevHarness;
let sink: DevHarness['sink'];
let support: SupportGateway;

const BOUNCING = 'gone@example.com';
const by = { by: 'sam', reason: 'testing support tools' };

beforeAll(async () => {
  h = await startDevHarness('support-tools', { sink: { rejectRcpt: (address) => address === BOUNCING } });
  sink = h.sink;
  await temporalJourneyGateway(h.env.client, 'support-tools').placeOrder(
    Order.parse({
      orderId: 'S-1',
      placedAt: new Date().toISOString(),
      currency: 'USD',
      total: '58.00',
      customer: { id: 'c-sup', email: 'lin@example.com', timezone: 'Asia/Tokyo', acceptsMarketing: true },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    }),
  );
  await sink.waitFor(1); // the reassurance
  support = supportGateway(h.env.client);
  // The mail is in the sink a moment before the workflow records it as sent.
  for (let i = 0; i < 100; i++) {
    const { runs } = await support.status('default', 'c-sup');
    if (runs[0]?.messages.some((m) => m.stepId === 'reassurance' && m.status === 'sent')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(() => h?.close());

it("reads the customer's journey state", async () => {
  const state = await support.status('default', 'c-sup');
  expect(state).toMatchObject({
    customerId: 'c-sup',
    storeId: 'default',
    contact: { email: 'lin@example.com' },
    orders: [{ orderId: 'S-1' }],
  });
  expect(state.runs[0].messages.find((m) => m.stepId === 'reassurance')).toMatchObject({ status: 'sent' });
  await expect(support.status('default', 'c-nobody')).rejects.toThrow(CustomerNotFoundError);
  await expect(support.pause('default', 'c-nobody', by)).rejects.toThrow(
    new CustomerNotFoundError('no journey for customer "c-nobody" in store "default"'),
  );
});

it("pauses and resumes; the workflow's validator rejects a second resume with its message", async () => {
  expect(await support.pause('default', 'c-sup', by)).toEqual({
    done: expect.stringMatching(/: all messages held until resumed$/),
  });
  expect((await support.status('default', 'c-sup')).paused).toMatchObject({
    by: 'sam',
    reason: 'testing support tools',
  });
  expect(await support.resume('default', 'c-sup', by)).toEqual({
    done: expect.stringMatching(/: messages that fell due go out unless expired$/),
  });
  const second = support.resume('default', 'c-sup', by);
  await expect(second).rejects.toThrow(SupportActionRejected);
  await expect(second).rejects.toThrow('the journey is not paused');
});

it('resends a sent message, and tells a refused resend (accepted, then failed) from a rejection', async () => {
  const { runs } = await support.status('default', 'c-sup');
  const messageKey = runs[0].messages.find((m) => m.stepId === 'reassurance')!.key;
  expect((await support.resend('default', 'c-sup', { ...by, messageKey })).done).toMatch(
    new RegExp(`^resent ${messageKey} as ${messageKey}#resend-1 \\(<`),
  );
  await sink.waitFor(2);
  const refused = support.resend('default', 'c-sup', { ...by, messageKey, to: BOUNCING });
  await expect(refused).rejects.toThrow(SupportActionFailed);
  await expect(refused).rejects.toThrow('the resend was not sent: ');
  const unknown = support.resend('default', 'c-sup', { ...by, messageKey: 'no/such/key' });
  await expect(unknown).rejects.toThrow(SupportActionRejected);
  await expect(unknown).rejects.toThrow("no message no/such/key in this customer's journeys");
});

it('afterglow status prints the timeline; a rejected action exits 1 with the validator message', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: h.env.address };
  const status = await runCli(['status', 'c-sup'], cliEnv);
  expect(status).toMatchObject({ code: 0, stderr: '' });
  expect(status.stdout).toMatch(
    /^No message has a time yet: the next ones wait for the delivery of order S-1 \(the journey goes on by itself \d{4}-\d\d-\d\d \d\d:\d\d UTC if none is reported\)\./,
  );
  expect(status.stdout).toMatch(
    /^Customer c-sup · store default · lin@example\.com · time zone Asia\/Tokyo \(sent by the store\)\n1 order · marketing: subscribed/m,
  );
  expect(status.stdout).toMatch(
    /\n {4}sent {7}reassurance {20}\d{4}-\d\d-\d\d \d\d:\d\d Asia\/Tokyo · .* UTC · <[0-9a-f]+@shop\.example\.com> · key S-1\//,
  );
  expect(await runCli(['resume', 'c-sup', '--by', 'sam', '--reason', 'testing the CLI'], cliEnv)).toEqual({
    code: 1,
    stdout: '',
    stderr: 'afterglow: the journey is not paused\n',
  });
  expect(await runCli(['status', 'c-nobody', '--store', 'other'], cliEnv)).toMatchObject({
    code: 1,
    stderr: 'afterglow: no journey for customer "c-nobody" in store "other"\n',
  });
});
