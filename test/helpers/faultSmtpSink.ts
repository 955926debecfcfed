import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What the sink keeps of a message: enough to tell duplicates and losses apart. */
export interface SunkMail {
  to: string[];
  messageId: string;
  step: string;
  receivedAt: number;
}

export interface FaultSinkOptions {
  /** Listen here (a port chosen beforehand, so an outage can end on the same address); 0 picks one. */
  port?: number;
  /**
   * How long the server takes, after the final "." of DATA, before it answers 250: a mail provider scanning and
   * queueing the message. The message is committed first (RFC 5321 §6.1: a server that has the whole message
   * takes responsibility for it), so a client killed in this window never hears the 250 although the message
   * went out. That is the window in which a crashed sender can cause a duplicate.
   */
  replyDelayMs?: [min: number, max: number];
}

/**
 * A real SMTP server on loopback for the fault tests (like smtpSink.ts, which other tests use as it is), that
 * can be taken down and brought back on the same port, answers slowly on request, and answers "was this
 * Message-ID delivered?" over HTTP, the way a provider's event API would.
 */
export async function startFaultSmtpSink(options: FaultSinkOptions = {}) {
  const mails: SunkMail[] = [];
  let port = options.port ?? 0;
  let server: SMTPServer | undefined;
  let connections = 0;
  let inFlight = 0;

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
      onData(stream, session, callback) {
        // In flight from DATA until the reply is sent, or until the client vanishes mid-message.
        inFlight++;
        let ended = false;
        let counted = true;
        const settle = () => counted && ((counted = false), inFlight--);
        stream.on('close', () => ended || settle());
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          ended = true;
          const headers = headerFields(Buffer.concat(chunks).toString('utf8'));
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: headers.get('message-id') ?? '',
            step: headers.get('x-afterglow-step') ?? '',
            receivedAt: Date.now(),
          });
          const [min, max] = options.replyDelayMs ?? [0, 0];
          setTimeout(() => (callback(), settle()), min + Math.random() * (max - min));
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
    created.on('error', () => undefined); // a client vanishing mid-conversation is what these tests do
    port = (created.server.address() as AddressInfo).port;
    server = created;
  }

  async function down(): Promise<void> {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  // "Was it delivered?" by Message-ID: GET /delivered?messageId=<...> → {"delivered":true|false}
  const lookup = http.createServer((req, res) => {
    const messageId = new URL(req.url ?? '/', 'http://x').searchParams.get('messageId') ?? '';
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ delivered: mails.some((m) => m.messageId === messageId) }));
  });
  await new Promise<void>((resolve) => lookup.listen(0, '127.0.0.1', resolve));

  await up();
  return {
    mails,
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    /** SMTP transactions between DATA and the server's answer right now: a sender killed now dies mid-send. */
    get inFlight() {
      return inFlight;
    },
    /** SMTP connections accepted so far (connection attempts while down are refused and not counted). */
    get connections() {
      return connections;
    },
    deliveryLookupUrl: `http://127.0.0.1:${(lookup.address() as AddressInfo).port}/delivered`,
    up,
    down,
    async close() {
      await down();
      await new Promise<void>((resolve) => lookup.close(() => resolve()));
    },
  };
}
export type FaultSmtpSink = Awaited<ReturnType<typeof startFaultSmtpSink>>;

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

/** Counts against what was expected: one mail per expected `recipient step` key. */
export function tally(mails: SunkMail[], expectedKeys: string[]) {
  const key = (m: SunkMail) => `${m.to.join(',')} ${m.step}`;
  const expected = new Set(expectedKeys);
  const byKey = new Map<string, number>();
  for (const m of mails) byKey.set(key(m), (byKey.get(key(m)) ?? 0) + 1);
  const distinctIds = new Set(mails.map((m) => m.messageId)).size;
  return {
    expected: expected.size,
    delivered: [...expected].filter((k) => byKey.has(k)).length,
    // The same Message-ID twice, or the same recipient and step twice under different ids: both are duplicates.
    duplicates: Math.max(mails.length - distinctIds, mails.length - byKey.size),
    lost: [...expected].filter((k) => !byKey.has(k)),
    unexpected: mails.filter((m) => !expected.has(key(m))).length,
    duplicated: [...byKey].filter(([, n]) => n > 1).map(([k]) => k),
  };
}
