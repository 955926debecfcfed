import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { buildContext, resolveLocale } from '../rendering/buildContext';
import { messageLinks } from '../rendering/messageLinks';
import { renderMessage } from '../rendering/renderMessage';
import type { TemplateSets } from '../rendering/templateSets';
import { customerLinks } from '../links/customerLinks';
import { trackLinks, withOpenPixel } from '../links/trackLinks';
import type { OptOutStore } from '../storage/optOuts';
import type { SendLedger } from '../storage/sendLedger';
import type { FactStore } from '../measurement/facts';
import type { MailTransport } from './mailTransport';
import { messageHeaders } from './messageHeaders';
import { messageIdFor, senderDomain } from './messageId';
import { smtpFailure, smtpFailureError } from './smtpFailure';
import type { SendMessageInput, SendMessageResult } from './types';

export interface SendDeps {
  templates: TemplateSets;
  transport: MailTransport;
  ledger: SendLedger;
  optOuts: OptOutStore;
  mailFrom: string;
  publicUrl: string;
  /** Signs the unsubscribe links of marketing messages (first secret signs). */
  linkSecrets: string[];
  unsubscribeMailto?: string;
  /** Records sends for the reports. */
  facts: Pick<FactStore, 'recordOutcome'>;
  /** Asks the mail provider whether a Message-ID already left (closes the crash-after-accept window). */
  wasDelivered?: (messageId: string) => Promise<boolean>;
}

/** Errors raised before any byte of the message left: the claim can be freed at once. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EDNS']);

/**
 * Renders one message from its compiled template and hands it to SMTP, exactly once: the send ledger is claimed
 * before and marked after the SMTP transaction, so a retry of an activity whose message already left does not
 * send it again. Opt-outs (unsubscribes, bounces, complaints) are checked at the last moment.
 */
export function createSendMessage(deps: SendDeps) {
  const { templates, transport, ledger, optOuts, mailFrom, publicUrl, linkSecrets, unsubscribeMailto } = deps;
  const domain = senderDomain(mailFrom);
  const links = customerLinks({ publicUrl, secrets: linkSecrets, listIdDomain: domain, unsubscribeMailto });
  return async function sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
    // Heartbeats let Temporal notice a dead worker within the heartbeat timeout and retry elsewhere.
    const ctx = Context.current();
    ctx.heartbeat();
    const beat = setInterval(() => ctx.heartbeat(), 2_000);
    try {
      return await send(input, ctx.info);
    } finally {
      clearInterval(beat);
    }
  };

  async function send(input: SendMessageInput, info: Context['info']): Promise<SendMessageResult> {
    const { order, store, item } = input;
    // The database is the record of opt-outs: it holds for orders placed after the click, and for bounces.
    const notToSend = await optOuts.reasonNotToSend({
      storeId: order.storeId,
      customerId: order.customer.id,
      email: input.to,
      category: input.category,
      at: new Date(),
    });
    if (notToSend) return { status: 'suppressed', reason: notToSend };

    const messageId = messageIdFor(input.workflowId, input.messageKey, domain);
    const ledgerKey = `${input.workflowId}:${input.messageKey}`;
    const activity = `${info.workflowExecution?.runId}:${info.activityId}:`;
    const attemptId = `${activity}${info.attempt}`;
    // Temporal starts attempt n+1 only after attempt n failed or timed out, so its claim need not run out first.
    const supersedes = (previous: string) =>
      previous.startsWith(activity) && Number(previous.slice(activity.length)) < info.attempt;
    const claim = await ledger.claim(ledgerKey, { messageId, attemptId, wasDelivered: deps.wasDelivered, supersedes });
    if (claim === 'already-sent') {
      // An attempt that sent the message may have died before recording it (the record is idempotent).
      await recordSent(input, info);
      return { status: 'sent', messageId, locale: resolveLocale(order.customer.locale, store) };
    }
    // Another attempt holds a live claim (a worker that may still be sending): try again after its lease.
    if (claim === 'in-flight-by-other')
      throw ApplicationFailure.retryable('another attempt is sending this message', 'SendInFlight');

    const locale = resolveLocale(order.customer.locale, store);
    // Marketing carries RFC 8058 one-click unsubscribe headers and a visible link; service messages do not.
    const customer = { storeId: order.storeId, customerId: order.customer.id };
    const unsubscribe = input.category === 'marketing' ? links.unsubscribe(customer) : undefined;
    const context = buildContext({
      stepId: input.stepId,
      category: input.category,
      locale,
      timezone: order.customer.timezone ?? store.timezone,
      store,
      customer: { firstName: order.customer.firstName, lastName: order.customer.lastName },
      order,
      products: input.products,
      item,
      recommendSkus: input.recommendSkus,
      history: input.history,
      links: messageLinks({
        store,
        order,
        item,
        products: input.products,
        locale,
        unsubscribe: unsubscribe ?? null,
        asks: input.asks,
        answerUrl: links.answerUrl(customer, order.orderId, input.messageKey, locale),
      }),
    });
    const pinned = templates.forRun(input.contentSet);
    if (pinned.missing)
      log.warn('the content set this run pinned is not in the data folder: rendering with the current one', {
        contentSet: input.contentSet,
        messageKey: input.messageKey,
      });
    const rendered = await renderMessage(pinned.library, input.template, locale, context);
    const { journeyId, messageKey, stepId } = input;
    const tracked = journeyId
      ? trackLinks(rendered, links.clickTracker(customer, { messageKey, journeyId, stepId }))
      : rendered;
    // Absent from store settings pinned before measurement existed.
    const pixel =
      journeyId && store.measurement?.openPixel
        ? links.openPixelUrl(customer, { messageKey, journeyId, stepId })
        : undefined;
    const body = pixel ? { ...tracked, html: withOpenPixel(tracked.html, pixel) } : tracked;
    try {
      const delivery = await transport.sendMail({
        from: mailFrom,
        to: input.to,
        subject: rendered.subject,
        html: body.html,
        text: body.text,
        messageId,
        ...messageHeaders({
          stepId: input.stepId,
          category: input.category,
          supportEmail: store.supportEmail,
          unsubscribe,
          messageId,
        }),
      });
      await ledger.markSent(ledgerKey, { messageId, smtpResponse: delivery.response ?? '' });
    } catch (err) {
      // The transport's error names the customer: only its codes go on, to the log and to Temporal.
      const failure = smtpFailure(err);
      if (failure.permanent) {
        await ledger.markFailed(ledgerKey, { attemptId, reason: `SMTP ${failure.responseCode}` });
        // The address does not exist (or refuses us): no further mail to it, from any journey.
        if (failure.badRecipient)
          await optOuts.blockAddress({
            storeId: order.storeId,
            customerId: order.customer.id,
            email: input.to,
            reason: 'hard-bounce',
            source: 'smtp',
          });
        throw smtpFailureError(failure);
      }
      // A 4xx means the server did not take it: free the claim. Without a reply code the message may have left;
      // the claim then goes stale and the next attempt re-claims it after the lease.
      const { responseCode, code, systemCode } = failure;
      if (responseCode || NOT_SENT_CODES.has(systemCode ?? code))
        await ledger.markFailed(ledgerKey, {
          attemptId,
          reason: responseCode ? `SMTP ${responseCode}` : (systemCode ?? code),
        });
      log.warn('SMTP send failed, will retry', { messageKey: input.messageKey, ...failure });
      throw smtpFailureError(failure);
    }
    // A failure here retries the activity, which finds the message sent (above) and records it then.
    await recordSent(input, info);
    return { status: 'sent', messageId, locale };
  }

  /**
   * The send, for the reports, when the workflow asked for it (journeyVersion). Timed by the server's clock when the
   * attempt was scheduled, which is the journey's own time (also on the time-skipping test server).
   */
  async function recordSent(input: SendMessageInput, info: Context['info']): Promise<void> {
    const { journeyId, journeyVersion } = input;
    if (!journeyId || !journeyVersion) return;
    await deps.facts.recordOutcome({
      storeId: input.order.storeId,
      customerId: input.order.customer.id,
      orderId: input.order.orderId,
      messageKey: input.messageKey,
      journeyId,
      journeyVersion,
      stepId: input.stepId,
      category: input.category,
      outcome: 'sent',
      ...(input.heldOut && { heldOut: true }),
      at: info.currentAttemptScheduledTimestampMs,
    });
  }
}
