import { customerWorkflowId, journeyState } from '../../workflows/signals';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { startTestApi, type TestApi } from '../helpers/apiHarness';
import { type CapturedLogs, captureLogs, expectNoPersonalData, personalDataOf } from '../helpers/logCapture';

/**
 * SMTP refusals on real parts (API → dev server → worker → SMTP server whose replies echo the address, as Postfix's
 * do): greylisting (450 at RCPT) is retried until it passes, an unknown mailbox (550 at RCPT) and a content
 * filter (550 after DATA) fail at once. What the API and the worker log names none of these customers.
 */
const customers = {
  greylisted: { id: 'c-greylisted', email: 'greta.lindqvist@example.net', firstName: 'Greta', lastName: 'Lindqvist' },
  unknown: { id: 'c-unknown', email: 'nora.baptiste@example.org', firstName: 'Nora', lastName: 'Baptiste' },
  filtered: { id: 'c-filtered', email: 'dana.okafor@example.com', firstName: 'Dana', lastName: 'Okafor' },
};
const rcptAttempts = new Map<string, number>();

let h: DevHarness;
let logs: CapturedLogs;
let api: TestApi;

beforeAll(async () => {
  logs = captureLogs();
  h = await startDevHarness('refusals', {
    sink: {
      rejectRcpt(address) {
        const attempt = (rcptAttempts.get(address) ?? 0) + 1;
        rcptAttempts.set(address, attempt);
        if (address === customers.greylisted.email && attempt === 1)
          return {
            code: 450,
            text: `4.2.0 <${address}>: Recipient address rejected: Greylisted, see https://postgrey.example/${address}`,
          };
        return address === customers.unknown.email;
      },
      rejectData: (recipients) =>
        recipients.includes(customers.filtered.email)
          ? {
              code: 550,
              text: `5.7.1 Message for <${customers.filtered.email}> (${customers.filtered.firstName}) rejected as spam`,
            }
          : undefined,
    },
  });
  api = await startTestApi(h.env.client, h.deps.stores, 'refusals', {
    config: { SHOPIFY_WEBHOOK_SECRET: undefined, LOG_LEVEL: 'debug' },
    logger: logs.api,
  });
  for (const customer of Object.values(customers)) {
    const response = await api.post('/v1/orders', {
      orderId: `${customer.id}-1`,
      placedAt: new Date().toISOString(),
      currency: 'USD',
      total: '58.00',
      customer: { ...customer, locale: 'en-US', timezone: 'America/New_York', acceptsMarketing: true },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
    });
    expect(response.status).toBe(202);
  }
});

afterAll(async () => {
  await api?.close();
  await h?.close();
});

/** The reassurance message of the customer's journey once it is no longer pending (bounded). */
async function settledReassurance(customerId: string) {
  const handle = h.env.client.workflow.getHandle(customerWorkflowId('default', customerId));
  for (let i = 0; i < 600; i++) {
    const state = await handle.query(journeyState);
    const message = state.runs[0]?.messages.find((m) => m.stepId === 'reassurance');
    if (message && message.status !== 'pending') return message;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the reassurance of ${customerId} is still pending`);
}

/** What the report recorded for the customer's reassurance. */
const outcomesOf = async (customerId: string) =>
  (
    await h.deps.stores.db
      .selectFrom('fact_messages')
      .select('outcome')
      .where('customer_id', '=', customerId)
      .where('step_id', '=', 'reassurance')
      .execute()
  ).map((r) => r.outcome);

it('greylisting (450 at RCPT) is retried and the message then goes out once', async () => {
  expect(await settledReassurance(customers.greylisted.id)).toMatchObject({ status: 'sent' });
  expect(h.sink.mails.filter((m) => m.envelopeTo.includes(customers.greylisted.email))).toHaveLength(1);
  expect(rcptAttempts.get(customers.greylisted.email)).toBe(2);
  // The warning still says what happened, with the reply's code, status and stage.
  expect(
    logs.lines.some(
      (l) =>
        l.includes('SMTP send failed, will retry') &&
        /responseCode: 450, enhancedStatus: '4\.2\.0', command: 'RCPT TO'/.test(l),
    ),
  ).toBe(true);
}, 60_000);

it('an unknown mailbox (550 at RCPT) fails at once, with the code and stage as the reason', async () => {
  expect(await settledReassurance(customers.unknown.id)).toMatchObject({
    status: 'failed',
    reason: 'SMTP refused the message permanently (550 5.1.1 at RCPT TO)',
  });
  expect(rcptAttempts.get(customers.unknown.email)).toBe(1);
  // For the report: a hard bounce (the address refused), not a message the server would not take.
  expect(await outcomesOf(customers.unknown.id)).toEqual(['bounced']);
});

it('a refusal after DATA (550) fails at once, with the code and stage as the reason', async () => {
  expect(await settledReassurance(customers.filtered.id)).toMatchObject({
    status: 'failed',
    reason: 'SMTP refused the message permanently (550 5.7.1 at DATA)',
  });
  expect(rcptAttempts.get(customers.filtered.email)).toBe(1);
  expect(h.sink.mails.filter((m) => m.envelopeTo.includes(customers.filtered.email))).toHaveLength(0);
  expect(await outcomesOf(customers.filtered.id)).toEqual(['failed']);
});

it('no line the API or the worker logged names any of these customers', () => {
  expectNoPersonalData(logs.lines, personalDataOf(...Object.values(customers).map((customer) => ({ customer }))));
});
