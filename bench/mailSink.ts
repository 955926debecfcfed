import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  to: string[];
  /** The X-Afterglow-Step header ("" when absent). */
  step: string;
  bytes: number;
  /** Date.now() when the DATA command completed. */
  at: number;
}

/**
 * A real SMTP server on 127.0.0.1 that only counts: envelope recipients, the step header, size and arrival time.
 * Lighter than test/helpers/smtpSink.ts (no MIME parsing), so the sink is not what a benchmark measures.
 */
export async function startMailSink() {
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < 65_536 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const headers = head.split('\r\n\r\n')[0];
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          step: /^X-Afterglow-Step:\s*(\S+)/im.exec(headers)?.[1] ?? '',
          bytes,
          at: Date.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** Waits (bounded) until `predicate` holds for `count` mails; returns those mails. */
    async waitFor(
      count: number,
      predicate: (m: SunkMail) => boolean,
      timeoutMs: number,
      what: string,
    ): Promise<SunkMail[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = mails.filter(predicate);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline)
          throw new Error(`${what}: ${matching.length} of ${count} emails arrived within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type MailSink = Awaited<ReturnType<typeof startMailSink>>;
