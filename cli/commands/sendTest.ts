import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { createMailTransport } from '../../activities/mailTransport';
import { dkimKey, loadConfig } from '../../temporal.config';
import { addSampleOptions, renderFromFlags, type SampleFlags } from '../options';

export function registerSendTest(program: Command): void {
  addSampleOptions(
    program.command('send-test').description('send a template with sample data through the configured SMTP server (SMTP_URL, MAIL_FROM), subject prefixed "[TEST] "'),
  )
    .requiredOption('--to <address>', 'who gets the test email', email)
    .action(async (template: string, flags: SampleFlags & { to: string }) => {
      const config = loadConfig();
      const { input, rendered } = await renderFromFlags(template, flags, config);
      // Signed like real sends (DKIM when configured), so the test also shows how mailbox providers treat them.
      const transport = createMailTransport(config.SMTP_URL, { maxConnections: 1, dkim: dkimKey(config) });
      try {
        const subject = `[TEST] ${rendered.subject}`;
        const sent = await transport.sendMail({
          from: config.MAIL_FROM,
          to: flags.to,
          subject,
          html: rendered.html,
          text: rendered.text,
          headers: { 'X-Afterglow-Test': `${template} (${input.locale})` },
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
