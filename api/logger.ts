import type { FastifyServerOptions } from 'fastify';

/** Where log lines go when not stdout (tests capture them). */
export interface LogStream {
  write(line: string): void;
}

/**
 * Logs carry ids only. Request lines keep the method and path (no headers, query strings, bodies or client
 * address: any of them can hold an email or a name), and the redaction is a net under any object logged by mistake.
 */
export function loggerOptions(
  level: string,
  stream?: LogStream,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      // Unsubscribe tokens are credentials for one customer's preferences: never logged.
      req: (req) => ({ method: req.method, url: req.url.split('?')[0].replace(/^\/([uac])\/[^/]+/, '/$1/[token]') }),
    },
    redact: {
      paths: [
        'body',
        '*.body',
        'headers',
        '*.headers',
        'customer',
        '*.customer',
        'email',
        '*.email',
        'firstName',
        '*.firstName',
        'lastName',
        '*.lastName',
      ],
      censor: '[redacted]',
    },
  };
}
