import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { AnswerStore } from '../storage/answers';
import type { MailTransport } from './mailTransport';
import type { AlertSupportInput } from './types';

export interface AlertDeps {
  transport: MailTransport;
  answers: AnswerStore;
  mailFrom: string;
  /** Where support opens this customer's journey (the Web UI, else the admin API). */
  supportLink: (input: { workflowId: string; storeId: string; customerId: string }) => string;
  /** Signs the alert webhook's body (X-Afterglow-Signature); unsigned without it. */
  alertWebhookSecret?: string;
}

/** Progress kept in heartbeat details, so a retry after a failed webhook does not email support twice. */
interface Progress {
  emailed?: boolean;
}

/**
 * Tells the store's support team about an answer that needs a person now (a low rating, "it didn't work for me"):
 * an email to the store's support address, with Reply-To the customer so support answers in one step, and a POST
 * to the store's alert webhook when one is configured. The comment is read from the database here; it never
 * travels through Temporal.
 */
export function createAlertSupport(deps: AlertDeps) {
  return async function alertSupport(input: AlertSupportInput): Promise<void> {
    const ctx = Context.current();
    const progress: Progress = { ...(ctx.info.heartbeatDetails as Progress | undefined) };
    const answer = await deps.answers.get(input.answerId);
    if (!answer)
      throw ApplicationFailure.nonRetryable(`answer ${input.answerId} is not in the database`, 'AnswerMissing');
    const link = deps.supportLink(input);
    const name = [input.contact.firstName, input.contact.lastName].filter(Boolean).join(' ') || 'the customer';
    if (!progress.emailed) {
      await deps.transport.sendMail({
        from: deps.mailFrom,
        to: input.store.supportEmail,
        replyTo: input.contact.email,
        subject: `[${input.store.name}] Customer ${input.customerId} ${input.reason}: order ${input.orderId}`,
        text: [
          `${name} (${input.contact.email}) ${input.reason} about order ${input.orderId}, ${answer.answeredAt.toISOString()}.`,
          '',
          answer.comment ? `Their words:\n\n${answer.comment.replace(/^/gm, '> ')}` : 'They left no comment.',
          '',
          `Reply to this email to answer them directly. Their journey: ${link}`,
          '',
          'Answering quickly is what turns an unhappy customer into a loyal one.',
        ].join('\n'),
        headers: { 'X-Afterglow-Alert': 'answer' },
      });
      progress.emailed = true;
      ctx.heartbeat(progress);
    }
    const webhookUrl = input.store.alerts?.webhookUrl;
    if (webhookUrl) await postWebhook(webhookUrl, deps.alertWebhookSecret, { ...input, answer, link });
  };
}

async function postWebhook(
  url: string,
  secret: string | undefined,
  {
    storeId,
    customerId,
    orderId,
    workflowId,
    reason,
    answer,
    link,
  }: AlertSupportInput & { answer: NonNullable<Awaited<ReturnType<AnswerStore['get']>>>; link: string },
) {
  const body = JSON.stringify({
    type: 'answer.alert',
    storeId,
    customerId,
    orderId,
    workflowId,
    reason,
    question: answer.question,
    choice: answer.choice,
    ...(answer.rating !== undefined && { rating: answer.rating }),
    ...(answer.sku && { sku: answer.sku }),
    comment: answer.comment ?? null,
    answeredAt: answer.answeredAt.toISOString(),
    supportUrl: link,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = secret && createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-afterglow-timestamp': timestamp,
      ...(signature && { 'x-afterglow-signature': `sha256=${signature}` }),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  // Status only: a webhook's answer may echo what it was sent.
  if (!response.ok)
    throw ApplicationFailure.retryable(`the alert webhook answered ${response.status}`, 'AlertWebhookFailed');
}
