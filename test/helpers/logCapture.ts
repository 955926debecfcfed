import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';
import { inspect } from 'node:util';
import type { LogStream } from '../../api/logger';

/**
 * A worker log entry as text with everything in it (every field at any depth, errors with their own fields and
 * causes): what a log shipper could send on, so a check for personal data sees all of it.
 */
export function formatLogEntry({ level, message, meta }: LogEntry): string {
  return `${level} ${message}${meta ? ` ${inspect(meta, { depth: Infinity, breakLength: Infinity, colors: false })}` : ''}`;
}

/** Everything down to DEBUG, and the native core's own lines from INFO (by default they bypass the logger). */
export const CAPTURE_LEVEL = 'DEBUG';
export const CAPTURE_TELEMETRY = { logging: { filter: { core: 'INFO', other: 'WARN' }, forward: {} } } as const;

export interface CapturedLogs {
  /** Every line so far, worker and API. */
  lines: string[];
  /** buildServer's `logger` option; run the server at LOG_LEVEL 'debug' so that every line reaches it. */
  api: { stream: LogStream };
}

/**
 * Captures this process's worker logs (the Temporal Runtime logger: the SDK, activities, workflows and the native
 * core) and an API's (built with `logger: logs.api`). It installs the Runtime, so call it before anything starts
 * a worker; a harness's quietRuntime() then leaves it in place. Warnings still go to stderr, as with quietRuntime.
 */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const stderr = new DefaultLogger('WARN');
  Runtime.install({
    logger: new DefaultLogger(CAPTURE_LEVEL, (entry) => {
      lines.push(formatLogEntry(entry));
      stderr.log(entry.level, entry.message, entry.meta);
    }),
    telemetryOptions: CAPTURE_TELEMETRY,
  });
  return { lines, api: { stream: { write: (line) => lines.push(line) } } };
}

export interface PersonalData {
  emails: string[];
  names: string[];
}

/** The addresses and names of the customers of these orders. */
export function personalDataOf(
  ...orders: { customer: { email: string; firstName?: string; lastName?: string } }[]
): PersonalData {
  return {
    emails: orders.map((o) => o.customer.email),
    names: orders.flatMap((o) => [o.customer.firstName, o.customer.lastName].filter((n): n is string => !!n)),
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Fails, quoting the lines, when a line holds one of the addresses (in any case, also URL-encoded) or names
 * (case-sensitive, not as part of a longer Latin word: "Ada" but not "Adapter"). An empty capture fails too: it
 * would prove nothing.
 */
export function expectNoPersonalData(lines: string[], personal: PersonalData): void {
  expect(lines.length).toBeGreaterThan(0);
  const patterns = [
    ...personal.emails
      .flatMap((email) => [email, encodeURIComponent(email)])
      .map((email) => new RegExp(escape(email), 'i')),
    ...personal.names.map((name) => new RegExp(`(?<![A-Za-z])${escape(name)}(?![A-Za-z])`)),
  ];
  expect(lines.filter((line) => patterns.some((pattern) => pattern.test(line)))).toEqual([]);
}
