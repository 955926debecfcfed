import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
  /** When the DATA ended (Date.now()): spacing between arrivals, which start-up time does not distort. */
  receivedAt: number;
}

/** A refusal as a server writes it: the reply code and the text after it (an enhanced status code first). */
export interface SmtpRefusal {
  code: number;
  text: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives. `rejectRcpt` answers RCPT TO for matching addresses
 * with a refusal: `true` is a permanent 550 (an address that does not exist), a refusal of your own can be a
 * temporary one (greylisting: 450). `rejectData` refuses the message after DATA (a content filter). Refusals
 * echo the address, as Postfix and most providers do.
 */
export async function startSmtpSink(
  options: {
    rejectRcpt?: (address: string) => boolean | SmtpRefusal;
    rejectData?: (recipients: string[]) => SmtpRefusal | undefined;
  } = {},
) {
  const mails: ReceivedMail[] = [];
  /** Every RCPT TO address, accepted or refused, in order: how a test counts delivery attempts (retries). */
  const rcptAttempts: string[] = [];
  const refuse = ({ code, text }: SmtpRefusal) => Object.assign(new Error(text), { responseCode: code });
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      const refusal = options.rejectRcpt?.(address.address);
      if (refusal)
        return callback(
          refuse(
            refusal === true
              ? { code: 550, text: `5.1.1 <${address.address}>: Recipient address rejected: User unknown` }
              : refusal,
          ),
        );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const refusal = options.rejectData?.(session.envelope.rcptTo.map((r) => r.address));
        if (refusal) return callback(refuse(refusal));
        const receivedAt = Date.now();
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        mails.push({ envelopeTo, parsed: await simpleParser(raw), raw, receivedAt });
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
    rcptAttempts,
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
