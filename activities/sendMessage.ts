import { ApplicationFailure, Context } from '@temporalio/activity';
import { buildContext, resolveLocale } from '../rendering/buildContext';
import type { TemplateLibrary } from '../rendering/compiledTemplates';
import { renderMessage } from '../rendering/renderMessage';
import { isPermanentSmtpFailure, type MailTransport } from './mailTransport';
import { messageIdFor, senderDomain } from './messageId';
import type { SendMessageInput, SendMessageResult } from './types';

export interface SendDeps {
  templates: TemplateLibrary;
  transport: MailTransport;
  mailFrom: string;
  publicUrl: string;
}

/** Renders one message from its compiled template and hands it to SMTP. Retries carry the same Message-ID. */
export function createSendMessage({ templates, transport, mailFrom, publicUrl }: SendDeps) {
  const domain = senderDomain(mailFrom);
  return async function sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
    const { order, store, item } = input;
    const locale = resolveLocale(order.customer.locale, store);
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
      links: {
        shop: store.url,
        feedback: `${publicUrl}/feedback/${encodeURIComponent(order.storeId)}/${encodeURIComponent(order.orderId)}`,
        reorder: item ? (input.products[item.sku]?.url ?? store.url) : store.url,
      },
    });
    const rendered = await renderMessage(templates, input.template, locale, context);
    const messageId = messageIdFor(input.workflowId, input.messageKey, domain);
    try {
      await transport.sendMail({
        from: mailFrom,
        to: input.to,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId,
        headers: { 'X-Afterglow-Step': input.stepId, 'X-Afterglow-Category': input.category },
      });
    } catch (err) {
      if (isPermanentSmtpFailure(err))
        throw ApplicationFailure.nonRetryable(`SMTP refused the message permanently (${err.responseCode})`, 'SmtpPermanentFailure');
      Context.current().log.warn('SMTP send failed, will retry', { messageKey: input.messageKey, error: (err as Error).message });
      throw err;
    }
    return { messageId, locale };
  };
}
