import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives. `rejectRcpt` makes it answer RCPT TO with a
 * permanent 550 for matching addresses, like a mailbox provider for an address that does not exist.
 */
export async function startSmtpSink(options: { rejectRcpt?: (address: string) => boolean } = {}) {
  const mails: ReceivedMail[] = [];
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRcpt?.(address.address)) {
        const err = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        mails.push({ envelopeTo, parsed: await simpleParser(raw), raw });
        const hold = envelopeTo.map((address) => holds.get(address)).find((h) => h !== undefined);
        if (hold) {
          hold.arrived();
          await hold.released;
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** Waits until at least `count` mails arrived (bounded), then returns them. */
    async waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedMail[]> {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return mails;
    },
    /**
     * Keeps the next messages to `address` waiting for their 250 until `release()`: a send that stays in flight for
     * as long as the caller needs. `arrived` resolves once such a message has been received.
     */
    hold(address: string): { arrived: Promise<void>; release: () => void } {
      let arrived!: () => void;
      let release!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(address, { arrived, released });
      return { arrived: arrival, release: () => (holds.delete(address), release()) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
