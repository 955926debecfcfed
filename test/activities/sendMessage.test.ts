import { MockActivityEnvironment } from '@temporalio/testing';
import type { JourneyActivities, SendMessageInput } from '../../activities/types';
import { storeSettings } from '../../definitions/loadStores';
import { openTestDependencies } from '../helpers/testDependencies';
import { order } from '../helpers/fixtures';
import { type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';
import { fixtureContent } from '../helpers/fixtureContent';

const content = fixtureContent();
let sink: SmtpSink;
let deps: Awaited<ReturnType<typeof openTestDependencies>>;
let sendMessage: JourneyActivities['sendMessage'];

beforeAll(async () => {
  sink = await startSmtpSink({ rejectRcpt: (a) => a.startsWith('gone') });
  deps = await openTestDependencies(() => content, sink.url);
  sendMessage = deps.activities.sendMessage;
});
afterAll(async () => {
  await deps.close(); // closes the SMTP pool first, so the sink does not wait for idle connections
  await sink.close();
});

function input(to: string, messageKey: string, category: 'service' | 'marketing' = 'service'): SendMessageInput {
  const o = order({
    customer: { id: to.split('@')[0], email: to },
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '49.00' }],
  });
  return {
    workflowId: `customer/default/${o.customer.id}`,
    messageKey,
    stepId: 'how-to',
    template: 'how-to',
    category,
    to,
    store: storeSettings(content.stores, 'default'),
    order: o,
    products: { 'VC-SERUM-30': content.products.get('VC-SERUM-30')! },
    item: { kind: 'product', sku: 'VC-SERUM-30' },
    recommendSkus: [],
  };
}

const run = (i: SendMessageInput, attempt = 1) => new MockActivityEnvironment({ attempt }).run(sendMessage, i);
const mailsTo = (address: string) => sink.mails.filter((m) => m.envelopeTo.includes(address));

describe('the send activity', () => {
  it('sends a message once although the activity runs again after SMTP accepted it', async () => {
    const first = await run(input('once@example.com', '1001/post-purchase/how-to/VC-SERUM-30'));
    const retried = await run(input('once@example.com', '1001/post-purchase/how-to/VC-SERUM-30'), 2);
    expect(retried).toEqual(first);
    expect(first).toMatchObject({ status: 'sent', locale: 'en' });
    expect(mailsTo('once@example.com')).toHaveLength(1);
    expect((await deps.stores.ledger.get('customer/default/once:1001/post-purchase/how-to/VC-SERUM-30'))?.status).toBe(
      'sent',
    );
  });

  it('records a permanent refusal as a hard bounce: the address gets nothing more, not even service mail', async () => {
    await expect(run(input('gone@example.com', 'a/how-to'))).rejects.toThrow(
      'SMTP refused the message permanently (550 5.1.1 at RCPT TO)',
    );
    expect(await run(input('gone@example.com', 'b/how-to'))).toEqual({
      status: 'suppressed',
      reason: 'address blocked: hard-bounce',
    });
    expect(mailsTo('gone@example.com')).toHaveLength(0);
  });

  it('does not send marketing to an address that complained, but still sends service messages', async () => {
    await deps.stores.optOuts.blockAddress({
      storeId: 'default',
      email: 'unsub@example.com',
      reason: 'complaint',
      source: 'webhook:test',
    });
    expect(await run(input('unsub@example.com', 'm/cross-sell', 'marketing'))).toEqual({
      status: 'suppressed',
      reason: 'address blocked: complaint',
    });
    expect(await run(input('unsub@example.com', 's/how-to', 'service'))).toMatchObject({ status: 'sent' });
    expect(mailsTo('unsub@example.com')).toHaveLength(1);
  });

  it('gives marketing RFC 8058 one-click unsubscribe headers and a visible link; service messages get neither', async () => {
    await run(input('headers@example.com', 'h/cross-sell', 'marketing'));
    await run(input('headers@example.com', 'h/how-to', 'service'));
    const byCategory = (c: string) =>
      mailsTo('headers@example.com').find((m) => m.parsed.headers.get('x-afterglow-category') === c)!;
    const [marketing, service] = [byCategory('marketing'), byCategory('service')];
    const headers = marketing.raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' '); // unfolded
    const url = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headers)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/u\/[\w-]+\.[\w-]+$/);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(headers).toMatch(/^List-Id: <marketing\.default\.shop\.example\.com>/im);
    expect(marketing.parsed.html).toContain(`href="${url}"`);
    expect(service.raw).not.toMatch(/^List-Unsubscribe/m);
  });

  it('carries its Message-ID as Postmark metadata, which Postmark echoes in its bounce and complaint webhooks', async () => {
    const result = await run(input('metadata@example.com', 'm/how-to', 'service'));
    const [mail] = mailsTo('metadata@example.com');
    expect(result).toMatchObject({ status: 'sent' });
    const messageId = (result as { messageId: string }).messageId;
    expect(mail.parsed.messageId).toBe(messageId);
    expect(mail.parsed.headers.get('x-pm-metadata-afterglow-message-id')).toBe(messageId.slice(1, -1));
  });

  it('honours an unsubscribe or pause recorded in the database, also for orders placed after it', async () => {
    const customerId = 'paused';
    const until = new Date(Date.now() + 86_400_000).toISOString();
    await deps.stores.optOuts.recordChoice(
      { storeId: 'default', customerId },
      { status: 'paused', until, source: 'preference-page', at: new Date().toISOString() },
    );
    const result = await run(input('paused@example.com', 'p/cross-sell', 'marketing'));
    expect(result).toMatchObject({ status: 'suppressed', reason: expect.stringMatching(/^marketing paused until /) });
    expect(await run(input('paused@example.com', 'p/how-to', 'service'))).toMatchObject({ status: 'sent' });
  });
});
