import { messageIdFor } from '../../activities/messageId';
import type { ServerOptions } from '../../api/server';
import { mailEventRecorder } from '../../client/mailEventRecorder';
import { factStore } from '../../measurement/facts';
import { optOutStore } from '../../storage/optOuts';
import { outboxStore } from '../../storage/outbox';
import { sendLedger } from '../../storage/sendLedger';
import { webhookDeliveryStore } from '../../storage/webhookDeliveries';
import { storageFor } from '../storage/backends';
import { TEST_NOW, TEST_SECRET, testApp } from './helpers';

export const RECIPIENT = 'ada@example.com';
export const WORKFLOW_ID = 'customer/default/c-42';
export const MESSAGE_KEY = '1001/post-purchase/how-to/SERUM-C-30';
/** The Message-ID our send gave the message, as the send ledger has it. */
export const MESSAGE_ID = messageIdFor(WORKFLOW_ID, MESSAGE_KEY, 'shop.example');

/**
 * An API with the mail webhooks over a real SQLite database holding one sent message (ledger and facts), and what
 * the tests look at afterwards: the address blocks, the outbox and the recorded outcomes.
 */
export function mailWebhookHarness() {
  const storage = storageFor('sqlite');
  return async (config: Partial<ServerOptions['config']>, overrides: Partial<ServerOptions> = {}) => {
    const { db } = await storage.open();
    const now = () => new Date(TEST_NOW);
    const ledger = sendLedger(db, { now });
    await ledger.claim(`${WORKFLOW_ID}:${MESSAGE_KEY}`, { messageId: MESSAGE_ID, attemptId: 'a1' });
    await ledger.markSent(`${WORKFLOW_ID}:${MESSAGE_KEY}`, { messageId: MESSAGE_ID, smtpResponse: '250 ok' });
    const facts = factStore(db);
    await facts.recordOutcome({
      storeId: 'default',
      customerId: 'c-42',
      orderId: '1001',
      messageKey: MESSAGE_KEY,
      journeyId: 'post-purchase',
      journeyVersion: 'v1',
      stepId: 'how-to',
      category: 'service',
      outcome: 'sent',
      at: TEST_NOW - 3_600_000,
    });
    const drained: number[][] = [];
    const recordMailReport = mailEventRecorder(db, {
      facts,
      drain: async (ids) => drained.push(ids),
      storeIds: () => ['default', 'other-shop'],
      now,
    });
    const { app } = await testApp({
      recordMailReport,
      webhookDeliveries: webhookDeliveryStore(db, now),
      config: { SHOPIFY_WEBHOOK_SECRET: TEST_SECRET, LOG_LEVEL: 'info', MAIL_WEBHOOK_MAX_AGE_SECONDS: 300, ...config },
      ...overrides,
    });
    const optOuts = optOutStore(db, now);
    return {
      app: app,
      drained,
      /** Why the next message of `category` to the recipient would not go, per store. */
      stopped: (category: 'service' | 'marketing', storeId = 'default') =>
        optOuts.reasonNotToSend({ storeId, customerId: 'c-42', email: RECIPIENT, category, at: now() }),
      blocks: async () =>
        await db
          .selectFrom('address_blocks')
          .select(['store_id', 'reason', 'source'])
          .orderBy('store_id')
          .orderBy('reason')
          .execute(),
      signals: async () =>
        (await outboxStore(db, now).take(50)).map((e) => ({
          workflowId: e.workflowId,
          signal: e.signal,
          args: e.args,
        })),
      outcomes: async () =>
        (
          await db
            .selectFrom('fact_messages')
            .select('outcome')
            .where('message_key', '=', MESSAGE_KEY)
            .orderBy('outcome')
            .execute()
        ).map((r) => r.outcome),
    };
  };
}
