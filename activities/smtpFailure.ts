import { ApplicationFailure } from '@temporalio/activity';
import { isPermanentSmtpFailure } from './mailTransport';

/**
 * What logs and Temporal (activity failures, the journey state's reason) may say about a failed send: the reply
 * code, its enhanced status (RFC 3463), the command it answered and the error codes. Never free text: nodemailer's
 * error names the recipient (`rejected`, `rejectedErrors[].recipient`, "Invalid recipient …") and its message ends
 * with the server's reply, which echoes the address ("450 4.2.0 <ada@example.com>: Recipient address rejected:
 * Greylisted") or, after DATA, may quote the message (whose subject can greet the customer by name).
 * The message key and the workflow id (on every activity log line) say whose message it was; a hash of the address
 * would add nothing but a way to confirm a guessed address. `afterglow send-test` shows a server's full reply.
 */
export interface SmtpFailure {
  /** The server's reply code (450, 550); absent when no reply came (connection, TLS, timeout). */
  responseCode?: number;
  /** The enhanced status code at the start of the reply, e.g. "4.2.0". */
  enhancedStatus?: string;
  /** The command or stage that failed: "RCPT TO", "DATA", "MAIL FROM", "CONN", "AUTH PLAIN". */
  command?: string;
  /** nodemailer's error code (EENVELOPE, EMESSAGE, ESOCKET, ETIMEDOUT…), else the error's name. */
  code: string;
  /** The system's code under nodemailer's: ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED… */
  systemCode?: string;
  /** A 5xx about this message or its recipient: retrying will not help. */
  permanent: boolean;
  /** A permanent refusal of the recipient (at RCPT TO, or an RFC 3463 5.1.x address status): a hard bounce. */
  badRecipient: boolean;
}

// Identifiers only: a field that does not look like one is dropped rather than trusted.
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const COMMAND = /^[A-Z][A-Z0-9 -]{0,31}$/;
const ENHANCED_STATUS = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})(?!\S)/;
/**
 * Stages whose 5xx is about us, not the message or the customer: wrong credentials (535 at AUTH), a sender the
 * relay refuses (553 at MAIL FROM). Retried, so mail waits for the operator's fix instead of being lost, and never
 * a bounce: it would block every customer the worker tries.
 */
const OUR_SIDE = /^(AUTH|MAIL FROM|EHLO|HELO|STARTTLS|CONN)\b/;

const identifier = (value: unknown, shape: RegExp) =>
  typeof value === 'string' && shape.test(value) ? value : undefined;

/** The one place the send activity reads a transport error: the log, the ledger and Temporal see only this. */
export function smtpFailure(err: unknown): SmtpFailure {
  const e = (err ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    command?: unknown;
    code?: unknown;
    originalCode?: unknown;
    name?: unknown;
  };
  const command = identifier(e.command, COMMAND);
  const enhancedStatus = typeof e.response === 'string' ? ENHANCED_STATUS.exec(e.response)?.[1] : undefined;
  const permanent = isPermanentSmtpFailure(err) && !(command && OUR_SIDE.test(command));
  const failure: SmtpFailure = {
    code: identifier(e.code, CODE) ?? identifier(e.name, CODE) ?? 'unknown',
    permanent,
    badRecipient: permanent && (command === 'RCPT TO' || !!enhancedStatus?.startsWith('5.1.')),
  };
  if (typeof e.responseCode === 'number') failure.responseCode = e.responseCode;
  if (enhancedStatus) failure.enhancedStatus = enhancedStatus;
  if (command) failure.command = command;
  const systemCode = identifier(e.originalCode, CODE);
  if (systemCode) failure.systemCode = systemCode;
  return failure;
}

/** "450 4.2.0 at RCPT TO", "ESOCKET ECONNREFUSED at CONN". */
export function describeSmtpFailure(f: SmtpFailure): string {
  const what = f.responseCode !== undefined ? [f.responseCode, f.enhancedStatus] : [f.code, f.systemCode];
  return [...what.filter((part) => part !== undefined), ...(f.command ? ['at', f.command] : [])].join(' ');
}

/** What the activity throws instead of the transport's error: permanent failures are not retried. */
export function smtpFailureError(f: SmtpFailure): ApplicationFailure {
  return ApplicationFailure.create({
    type: f.permanent ? 'SmtpPermanentFailure' : 'SmtpTemporaryFailure',
    message: `${f.permanent ? 'SMTP refused the message permanently' : 'SMTP send failed temporarily'} (${describeSmtpFailure(f)})`,
    nonRetryable: f.permanent,
    details: [f],
  });
}
