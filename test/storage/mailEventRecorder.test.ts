import { sql } from 'kysely';
import { ledgerKeyParts, messageIdFor } from '../../activities/messageId';
import { mailEventRecorder } from '../../client/mailEventRecorder';
import type { MailEvent } from '../../domain/mailEvents';
import { factStore } from '../../measurement/facts';
import { optOutStore } from '../../storage/optOuts';
import { outboxStore } from '../../storage/outbox';
import { sendLedger } from '../../storage/sendLedger';
import { databaseRefusal, dialects, storageFor } from './backends';

const NOW = Date.parse('2026-03-05T12:00:00Z');
const now = () => new Date(NOW);
const WORKFLOW = 'customer/shop-a/c:42';
const KEY = '1001/post-purchase/how-to/SERUM';
const MESSAGE_ID = messageIdFor(WORKFLOW, KEY, 'shop.example');
const ADDRESS = 'ada@example.com';

describe('ledgerKeyParts', () => {
  it('finds the split whose digest is the Message-ID, even with ":" in the ids', () => {
    expect(ledgerKeyParts(`${WORKFLOW}:${KEY}`, MESSAGE_ID)).toEqual({ workflowId: WORKFLOW, messageKey: KEY });
    expect(ledgerKeyParts(`${WORKFLOW}:${KEY}`, messageIdFor('other', KEY, 'shop.example'))).toBeUndefined();
    expect(ledgerKeyParts(`${WORKFLOW}:${KEY}`, '<not-ours@elsewhere>')).toBeUndefined();
  });
});

describe.each(dialects)('recording a provider report on %s', (dialect) => {
  const stores = storageFor(dialect);

  async function setup() {
    const { db } = await stores.open();
    const ledger = sendLedger(db, { now });
    await ledger.claim(`${WORKFLOW}:${KEY}`, { messageId: MESSAGE_ID, attemptId: 'a1' });
    await ledger.markSent(`${WORKFLOW}:${KEY}`, { messageId: MESSAGE_ID, smtpResponse: '250 ok' });
    const facts = factStore(db);
    const sent = {
      storeId: 'shop-a',
      customerId: 'c:42',
      orderId: '1001',
      messageKey: KEY,
      journeyId: 'post-purchase',
      journeyVersion: 'v1',
      stepId: 'how-to',
      category: 'service',
    };
    await facts.recordOutcome({ ...sent, outcome: 'sent', at: NOW - 3_600_000 });
    const drained: number[][] = [];
    const record = mailEventRecorder(db, {
      facts,
      drain: async (ids) => drained.push(ids),
      storeIds: () => ['shop-a', 'shop-b'],
      now,
    });
    const outcomes = async () =>
      (
        await db
          .selectFrom('fact_messages')
          .select('outcome')
          .where('message_key', '=', KEY)
          .orderBy('outcome')
          .execute()
      ).map((r) => r.outcome);
    return { db, record, drained, outcomes, optOuts: optOutStore(db, now), outbox: outboxStore(db, now) };
  }
  const event = (kind: MailEvent['kind'], messageId: string | undefined = MESSAGE_ID.slice(1, -1)): MailEvent => ({
    provider: 'mailgun',
    kind,
    recipient: ADDRESS,
    messageId,
    occurredAt: '2026-03-05T11:59:00.000Z',
    detail: 'permanent',
  });
  const stopped = (optOuts: ReturnType<typeof optOutStore>, storeId: string, category: 'service' | 'marketing') =>
    optOuts.reasonNotToSend({ storeId, customerId: 'c:42', email: ADDRESS, category, at: now() });

  it('a hard bounce blocks the address for all mail in the message store, records it, and tells the journey', async () => {
    const { record, drained, outcomes, optOuts, outbox } = await setup();
    expect(await record({ provider: 'mailgun', eventId: 'ev-1', events: [event('hard-bounce')] })).toEqual({
      duplicate: false,
      blocks: 1,
      signals: 1,
      unknownMessages: 0,
    });
    expect(await stopped(optOuts, 'shop-a', 'service')).toBe('address blocked: hard-bounce');
    expect(await stopped(optOuts, 'shop-b', 'service')).toBeUndefined();
    expect(
      (await optOuts.addressBlocks({ storeId: 'shop-a', customerId: 'c:42' })).map((b) => [b.reason, b.source]),
    ).toEqual([['hard-bounce', 'mailgun:ev-1']]);
    expect(await outcomes()).toEqual(['bounced', 'sent']);
    const [entry] = await outbox.take(10);
    expect(drained).toEqual([[entry.id]]);
    expect(entry).toMatchObject({
      workflowId: WORKFLOW,
      signal: 'messageDelivery',
      args: [
        {
          messageKey: KEY,
          messageId: MESSAGE_ID,
          provider: 'mailgun',
          kind: 'hard-bounce',
          occurredAt: '2026-03-05T11:59:00.000Z',
          detail: 'permanent',
        },
      ],
    });
    expect(JSON.stringify(entry.args)).not.toContain(ADDRESS);
  });

  it('a complaint stops marketing only; a soft bounce stops nothing and is only told to the journey', async () => {
    const { record, outcomes, optOuts, outbox } = await setup();
    await record({ provider: 'mailgun', eventId: 'ev-soft', events: [event('soft-bounce')] });
    expect(await stopped(optOuts, 'shop-a', 'marketing')).toBeUndefined();
    expect(await outcomes()).toEqual(['sent']);
    await record({ provider: 'mailgun', eventId: 'ev-complaint', events: [event('complaint')] });
    expect(await stopped(optOuts, 'shop-a', 'marketing')).toBe('address blocked: complaint');
    expect(await stopped(optOuts, 'shop-a', 'service')).toBeUndefined();
    expect(await outcomes()).toEqual(['complained', 'sent']);
    expect((await outbox.take(10)).map((e) => (e.args[0] as { kind: string }).kind)).toEqual([
      'soft-bounce',
      'complaint',
    ]);
  });

  it('an event id seen before changes nothing', async () => {
    const { db, record, optOuts, outbox } = await setup();
    await record({ provider: 'mailgun', eventId: 'ev-1', events: [event('soft-bounce')] });
    expect(await record({ provider: 'mailgun', eventId: 'ev-1', events: [event('hard-bounce')] })).toEqual({
      duplicate: true,
      blocks: 0,
      signals: 0,
      unknownMessages: 0,
    });
    expect(await stopped(optOuts, 'shop-a', 'service')).toBeUndefined();
    expect(await outbox.depth()).toBe(1);
    // Another provider's event may carry the same id.
    expect((await record({ provider: 'sendgrid', eventId: 'ev-1', events: [event('complaint')] })).duplicate).toBe(
      false,
    );
    expect(await db.selectFrom('webhook_deliveries').select('provider').orderBy('provider').execute()).toEqual([
      { provider: 'mailgun' },
      { provider: 'sendgrid' },
    ]);
  });

  it('keeps nothing of a report it could not finish: the block, the signal and the event id go together', async () => {
    const { db, record, optOuts } = await setup();
    // The outbox write fails (here: its table is gone) after the block was written in the same transaction.
    await sql`drop table outbox`.execute(db);
    await expect(record({ provider: 'mailgun', eventId: 'ev-1', events: [event('hard-bounce')] })).rejects.toEqual(
      databaseRefusal(/outbox/),
    );
    expect(await stopped(optOuts, 'shop-a', 'service')).toBeUndefined();
    expect(await db.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);
  });

  it('a report of nothing Afterglow acts on (a delivery) is not even remembered', async () => {
    const { db, record } = await setup();
    expect(await record({ provider: 'sendgrid', eventId: 'ev-delivered', events: [] })).toEqual({
      duplicate: false,
      blocks: 0,
      signals: 0,
      unknownMessages: 0,
    });
    expect(await db.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);
  });

  it('an address reported for a message that is not ours is blocked in every store, and no journey is told', async () => {
    const { record, optOuts, outbox } = await setup();
    expect(
      await record({
        provider: 'mailgun',
        eventId: 'ev-2',
        events: [event('hard-bounce', '<someone-else@other.example>'), { ...event('complaint'), messageId: undefined }],
      }),
    ).toEqual({
      duplicate: false,
      blocks: 4,
      signals: 0,
      unknownMessages: 2,
    });
    for (const storeId of ['shop-a', 'shop-b'])
      expect((await optOuts.addressBlocks({ storeId, email: ADDRESS })).map((b) => b.reason).sort()).toEqual([
        'complaint',
        'hard-bounce',
      ]);
    expect(await outbox.depth()).toBe(0);
  });
});
