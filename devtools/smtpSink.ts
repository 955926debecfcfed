import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the sink keeps of every message it accepts. */
export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  /** The Message-ID and X-Afterglow-Step headers ("" when absent): enough to tell duplicates and losses apart. */
  messageId: string;
  step: string;
  bytes: number;
  /** When the DATA ended (Date.now()): spacing between arrivals, which start-up time does not distort. */
  receivedAt: number;
}

export interface ParsedReceivedMail extends ReceivedMail {
  parsed: ParsedMail;
}

/** A refusal as a server writes it: the reply code and the text after it (an enhanced status code first). */
export interface SmtpRefusal {
  code: number;
  text: string;
}

export interface SmtpSinkOptions {
  /**
   * Answers RCPT TO for matching addresses with a refusal: `true` is a permanent 550 (an address that does not
   * exist), a refusal of your own can be a temporary one (greylisting: 450). Refusals echo the address, as Postfix
   * and most providers do.
   */
  rejectRcpt?: (address: string) => boolean | SmtpRefusal;
  /** Refuses the message after DATA (a content filter). */
  rejectData?: (recipients: string[]) => SmtpRefusal | undefined;
  /** Listen here (a port chosen beforehand, so an outage can end on the same address); 0 picks one. */
  port?: number;
  /**
   * How long the server takes, after the final "." of DATA, before it answers 250: a mail provider scanning and
   * queueing the message. The message is committed first (RFC 5321 §6.1: a server that has the whole message
   * takes responsibility for it), so a client killed in this window never hears the 250 although the message
   * went out. That is the window in which a crashed sender can cause a duplicate.
   */
  replyDelayMs?: [min: number, max: number];
  /** Also answer "was this Message-ID delivered?" over HTTP (`deliveryLookupUrl`), as a provider's event API would. */
  deliveryLookup?: boolean;
  /** Parse each message with mailparser (`parsed`); false for benchmarks, so the sink is not what they measure. */
  parse?: boolean;
}

export interface WaitOptions<M> {
  /** Count only the mails this holds for (default: all). */
  where?: (mail: M) => boolean;
  timeoutMs?: number;
  /** What is waited for, for the error when it does not come. */
  what?: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
export interface SmtpSink<M extends ReceivedMail = ParsedReceivedMail> {
  readonly url: string;
  readonly port: number;
  mails: M[];
  /** Every RCPT TO address, accepted or refused, in order: how a test counts delivery attempts (retries). */
  rcptAttempts: string[];
  /** SMTP transactions between DATA and the server's answer right now: a sender killed now dies mid-send. */
  readonly inFlight: number;
  /** SMTP connections accepted so far (connection attempts while down are refused and not counted). */
  readonly connections: number;
  /** With `deliveryLookup`: GET `${deliveryLookupUrl}?messageId=<...>` → {"delivered":true|false}. */
  deliveryLookupUrl: string | undefined;
  /** Waits (bounded, 30 s by default) until at least `count` mails (matching `where`) arrived; returns them. */
  waitFor(count: number, options?: WaitOptions<M>): Promise<M[]>;
  /**
   * Keeps the next messages to `address` waiting for their 250 until `release()`: a send that stays in flight for
   * as long as the caller needs. `arrived` resolves once such a message has been received.
   */
  hold(address: string): { arrived: Promise<void>; release: () => void };
  /** Takes the server down (open connections cut after 100 ms) and back up on the same port: an outage. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export function startSmtpSink(options: SmtpSinkOptions & { parse: false }): Promise<SmtpSink<ReceivedMail>>;
export function startSmtpSink(options?: SmtpSinkOptions): Promise<SmtpSink>;
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink<ReceivedMail>> {
  const mails: ReceivedMail[] = [];
  const rcptAttempts: string[] = [];
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  let port = options.port ?? 0;
  let server: SMTPServer | undefined;
  let connections = 0;
  let inFlight = 0;
  const refuse = ({ code, text }: SmtpRefusal) => Object.assign(new Error(text), { responseCode: code });

  const keep = async (raw: string, envelopeTo: string[], bytes: number): Promise<ReceivedMail | ParsedReceivedMail> => {
    const headers = headerFields(raw);
    const mail: ReceivedMail = {
      envelopeTo,
      raw,
      messageId: headers.get('message-id') ?? '',
      step: headers.get('x-afterglow-step') ?? '',
      bytes,
      receivedAt: Date.now(),
    };
    return options.parse === false ? mail : { ...mail, parsed: await simpleParser(raw) };
  };

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Going down means going down: open connections are cut after 100 ms instead of the default 30 s.
      closeTimeout: 100,
      onConnect(_session, callback) {
        connections++;
        callback();
      },
      onRcptTo(address, _session, callback) {
        rcptAttempts.push(address.address);
        const refusal = options.rejectRcpt?.(address.address);
        if (!refusal) return callback();
        callback(
          refuse(
            refusal === true
              ? { code: 550, text: `5.1.1 <${address.address}>: Recipient address rejected: User unknown` }
              : refusal,
          ),
        );
      },
      onData(stream, session, callback) {
        // In flight from DATA until the reply is sent, or until the client vanishes mid-message.
        inFlight++;
        let ended = false;
        let counted = true;
        const settle = () => counted && ((counted = false), inFlight--);
        stream.on('close', () => ended || settle());
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        const answer = async (): Promise<Error | undefined> => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          const refusal = options.rejectData?.(envelopeTo);
          if (refusal) return refuse(refusal);
          const body = Buffer.concat(chunks);
          mails.push(await keep(body.toString('utf8'), envelopeTo, body.length));
          const hold = envelopeTo.map((address) => holds.get(address)).find((h) => h !== undefined);
          if (hold) {
            hold.arrived();
            await hold.released;
          }
          const [min, max] = options.replyDelayMs ?? [0, 0];
          await new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)));
          return undefined;
        };
        stream.on('end', () => {
          ended = true;
          void answer()
            .catch((error: Error) => error)
            .then((error) => (callback(error), settle()));
        });
      },
    });

  async function up(): Promise<void> {
    if (server) return;
    const created = create();
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve());
    });
    created.on('error', () => undefined); // a client vanishing mid-conversation is what fault tests do
    port = (created.server.address() as AddressInfo).port;
    server = created;
  }

  async function down(): Promise<void> {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  const lookup = options.deliveryLookup
    ? await listenLoopback(
        http.createServer((req, res) => {
          const messageId = new URL(req.url ?? '/', 'http://x').searchParams.get('messageId') ?? '';
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ delivered: mails.some((m) => m.messageId === messageId) }));
        }),
      )
    : undefined;

  await up();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    mails,
    rcptAttempts,
    get inFlight() {
      return inFlight;
    },
    get connections() {
      return connections;
    },
    deliveryLookupUrl: lookup && `http://127.0.0.1:${(lookup.address() as AddressInfo).port}/delivered`,
    async waitFor(count, { where = () => true, timeoutMs = 30_000, what = 'mails' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = mails.filter(where);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline)
          throw new Error(`${what}: ${matching.length} of ${count} arrived within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    hold(address) {
      let arrived!: () => void;
      let release!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(address, { arrived, released });
      return { arrived: arrival, release: () => (holds.delete(address), release()) };
    },
    up,
    down,
    async close() {
      await down();
      if (lookup) await new Promise<void>((resolve) => lookup.close(() => resolve()));
    },
  };
}

async function listenLoopback(server: http.Server): Promise<http.Server> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** The header block's fields, lower-cased names, folded lines joined (enough for Message-ID and our X- headers). */
function headerFields(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const fields = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}
