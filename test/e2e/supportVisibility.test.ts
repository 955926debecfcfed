import { temporalJourneyGateway } from '../../client/journeyGateway';
import { Order } from '../../domain/order';
import { customerWorkflowId } from '../../workflows/signals';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';
import { type CapturedLogs, captureLogs, expectNoPersonalData } from '../helpers/logCapture';
/** What support sees of a journey on the real dev server (whose UI shows summaries and details). */
let h: DevHarness;
let logs: CapturedLogs;
beforeAll(async () => {
  logs = captureLogs();
  h = await startDevHarness('support');
});
afterAll(() => h?.close());

it('shows the summary line, timer and activity summaries and current details, with ids only', async () => {
  await temporalJourneyGateway(h.env.client, 'support').placeOrder(
    Order.parse({
      orderId: 'V-1',
      placedAt: new Date().toISOString(),
      currency: 'USD',
      total: '58.00',
      customer: {
        id: 'c-vis',
        email: 'grace.private@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        timezone: 'Asia/Tokyo',
        acceptsMarketing: true,
      },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
    }),
  );
  await h.sink.waitFor(1);
  const handle = h.env.client.workflow.getHandle(customerWorkflowId('default', 'c-vis'));
  const staticSummary = await (await handle.describe()).staticSummary();
  expect(staticSummary).toBe('Customer c-vis · store default');

  let details = '';
  for (let i = 0; i < 50 && !details.includes('**Sent**'); i++) {
    details = (await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? '';
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(details).toMatch(/^\*\*No message has a time yet: the next ones wait for the delivery of order V-1 /);
  expect(details).toContain('Customer c-vis · store default · 1 order(s) · marketing: opted in on the order');
  expect(details).toContain(
    '- no time yet · how-to (Vitamin C Brightening Serum (30-day)) · order V-1 · waits for the delivery',
  );
  expect(details).toMatch(
    /- \d{4}-\d\d-\d\d \d\d:\d\d UTC · reassurance · order V-1 · `<[0-9a-f]{32}@shop\.example\.com>`/,
  );

  const history = await handle.fetchHistory();
  const summaries = (history.events ?? [])
    .map((e) => e.userMetadata?.summary?.data)
    .filter((d): d is Uint8Array => !!d)
    .map((d) => JSON.parse(Buffer.from(d).toString('utf8')) as string);
  expect(summaries).toContain('reassurance · en · service · order V-1');
  expect(
    summaries.some((s) => /^await-delivery for order V-1 times out \d{4}-\d\d-\d\d \d\d:\d\d Asia\/Tokyo$/.test(s)),
  ).toBe(true);
  for (const text of [...summaries, details, staticSummary ?? ''])
    for (const personal of ['grace.private', 'Grace', 'Hopper']) expect(text).not.toContain(personal);
});

it('finds the customer by CustomerId and what goes out next by NextMessageAt, with few upserts', async () => {
  const handle = h.env.client.workflow.getHandle(customerWorkflowId('default', 'c-vis'));
  const find = async (query: string) => {
    for (let i = 0; i < 50; i++) {
      const ids: string[] = [];
      for await (const wf of h.env.client.workflow.list({ query })) ids.push(wf.workflowId);
      if (ids.length) return ids;
      await new Promise((r) => setTimeout(r, 100));
    }
    return [];
  };
  expect(await find(`CustomerId = "c-vis" AND StoreId = "default"`)).toEqual([customerWorkflowId('default', 'c-vis')]);
  expect(
    await find(`OrderIds = "V-1" AND JourneyStage = "awaiting-delivery" AND MarketingStatus = "subscribed"`),
  ).toEqual([customerWorkflowId('default', 'c-vis')]);
  // Nothing has a time yet (the how-to waits for the delivery), so nothing is due within the hour. The index lags, so
  // first wait until it shows the awaiting-delivery stage with no NextMessageAt (both written by the same upsert): only
  // then does an empty "within the hour" mean it rather than an index not yet written.
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  expect(await find(`NextMessageAt IS NULL AND JourneyStage = "awaiting-delivery" AND CustomerId = "c-vis"`)).toEqual([
    customerWorkflowId('default', 'c-vis'),
  ]);
  const soon = [];
  for await (const wf of h.env.client.workflow.list({
    query: `NextMessageAt < "${inAnHour}" AND CustomerId = "c-vis"`,
  }))
    soon.push(wf);
  expect(soon).toEqual([]);
  const upserts = ((await handle.fetchHistory()).events ?? []).filter(
    (e) => e.upsertWorkflowSearchAttributesEventAttributes,
  );
  // Two before outcome facts were recorded; the local activities that record them (workflows/messageOutcomes.ts)
  // cost one more upsert here. Still far from one per loop.
  // Each patch the journey meets is one more (the server records TemporalChangeVersion): EmailHash's made it four.
  expect(upserts.length).toBeLessThanOrEqual(4);
});

it('no line the worker logged names the customer', () => {
  expectNoPersonalData(logs.lines, { emails: ['grace.private@example.com'], names: ['Grace', 'Hopper'] });
});
