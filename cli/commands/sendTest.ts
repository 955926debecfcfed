import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { createMailTransport } from '../../activities/mailTransport';
import { messageHeaders } from '../../activities/messageHeaders';
import { senderDomain } from '../../activities/messageId';
import type { SampleLinks } from '../../authoring/sampleMessage';
import { customerLinks } from '../../links/customerLinks';
import type { ListUnsubscribeLinks } from '../../links/listUnsubscribe';
import { type Config, dkimKey, loadConfig } from '../../temporal.config';
import { localLinkSecrets } from '../localSecrets';
import { addSampleOptions, renderFromFlags, type SampleFlags } from '../options';

/** What would make the test email differ from what customers get, as warnings naming the setting. */
export function sendTestWarnings(
  config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>,
  secretsFrom: string | undefined,
): string[] {
  const warnings: string[] = [];
  const host = new URL(config.PUBLIC_URL).hostname;
  if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]')
    warnings.push(
      `PUBLIC_URL is ${config.PUBLIC_URL}: the links work on this machine only; customers need the API's public https address`,
    );
  if (/\.localhost>?\s*$/i.test(config.MAIL_FROM) || /@localhost>?\s*$/i.test(config.MAIL_FROM))
    warnings.push(
      `MAIL_FROM is ${config.MAIL_FROM}: a .localhost sender is refused or filtered as spam by real mailbox providers`,
    );
  if (!secretsFrom)
    warnings.push(
      'no AFTERGLOW_LINK_SECRET (nor data/link-secret from npm start): the links are placeholders that go nowhere',
    );
  return warnings;
}

export function registerSendTest(program: Command): void {
  addSampleOptions(
    program
      .command('send-test')
      .description(
        'send a template with sample data through the configured SMTP server (SMTP_URL, MAIL_FROM), subject prefixed "[TEST] ", ' +
          'with the headers and working links of a real send (answers are stored as tests, unsubscribing changes nothing)',
      ),
  )
    .requiredOption('--to <address>', 'who gets the test email', email)
    .action(async (template: string, flags: SampleFlags & { to: string }) => {
      const config = loadConfig();
      const local = localLinkSecrets(config);
      for (const warning of sendTestWarnings(config, local?.from)) process.stderr.write(`warning: ${warning}\n`);
      // Signed like a real send's links, flagged as a test: they open the real pages and change nothing.
      const signer =
        local &&
        customerLinks({
          publicUrl: config.PUBLIC_URL,
          secrets: local.secrets,
          listIdDomain: senderDomain(config.MAIL_FROM),
          unsubscribeMailto: config.UNSUBSCRIBE_MAILTO,
          test: true,
        });
      let unsubscribe: ListUnsubscribeLinks | undefined;
      const links: SampleLinks | undefined = signer && {
        unsubscribe: (order) =>
          (unsubscribe = signer.unsubscribe({ storeId: order.storeId, customerId: order.customer.id })),
        answerUrl: (order, messageKey, locale) =>
          signer.answerUrl(
            { storeId: order.storeId, customerId: order.customer.id },
            order.orderId,
            messageKey,
            locale,
          ),
      };
      const { input, rendered } = await renderFromFlags(template, flags, config, links);
      // Signed like real sends (DKIM when configured, List-Unsubscribe and -Post covered), so the test also shows how
      // mailbox providers treat them.
      const transport = createMailTransport(config.SMTP_URL, { maxConnections: 1, dkim: dkimKey(config) });
      try {
        const subject = `[TEST] ${rendered.subject}`;
        const { replyTo, headers } = messageHeaders({
          stepId: input.stepId,
          category: input.category,
          supportEmail: input.store.supportEmail,
          unsubscribe,
        });
        const sent = await transport.sendMail({
          from: config.MAIL_FROM,
          to: flags.to,
          subject,
          html: rendered.html,
          text: rendered.text,
          replyTo,
          headers: { ...headers, 'X-Afterglow-Test': `${template} (${input.locale})` },
        });
        console.log(`sent "${subject}" to ${flags.to} through ${new URL(config.SMTP_URL).host}: ${sent.response}`);
      } finally {
        transport.close();
      }
    });
}

function email(value: string): string {
  if (!z.email().safeParse(value).success) throw new InvalidArgumentError('it must be an email address.');
  return value;
}
