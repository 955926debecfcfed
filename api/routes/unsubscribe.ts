import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MARKETING_PAUSE_DAYS, type PreferenceService } from '../../links/preferences';
import { checkLinkSecrets, TokenError, verifyToken } from '../../links/signedToken';
import { PAGE_HEADERS, type PageView, pickLanguage, renderPage } from '../pages/preferencePages';
import { htmlPage, TokenParams } from '../routeSchemas';

export interface UnsubscribeRouteOptions {
  preferences: PreferenceService;
  /** Link secrets, newest first: every one of them verifies, so links signed before a rotation keep working. */
  secrets: readonly string[];
}

type TokenRoute = { Params: z.infer<typeof TokenParams> };

/** What the link pages answer; a link that is not ours or not intact gets a 400 page, in the reader's language. */
const pages = (done: string) => ({ 200: htmlPage(done), 400: htmlPage('the link is not valid') });
/** RFC 8058 clients send a form (`List-Unsubscribe=One-Click`) or nothing; the preference page sends `source`. */
const UnsubscribeForm = z.object({
  'List-Unsubscribe': z.literal('One-Click').optional(),
  source: z.string().optional(),
});
const linkSchema = (summary: string, done: string, form?: z.ZodType) => ({
  summary,
  tags: ['links'],
  params: TokenParams,
  ...(form && { readByHandler: { body: form }, consumes: ['application/x-www-form-urlencoded'] }),
  response: pages(done),
});

/** A preference page (or a link error page) in the reader's language. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  view: PageView,
): FastifyReply {
  const language = pickLanguage(request.headers['accept-language']);
  return reply
    .code(statusCode)
    .headers({ ...PAGE_HEADERS, 'content-language': language, vary: 'Accept-Language' })
    .send(renderPage(view, language));
}

function formField(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * The link in every marketing email, /u/{token}:
 * - POST /u/:token is RFC 8058 one-click unsubscribe (mail clients) and the preference page's unsubscribe button.
 *   Any body of any type is accepted and the unsubscribe recorded: the signed token is the authorization and a POST
 *   the intent, while link scanners and prefetchers only ever GET. It answers 200 with a page, never a redirect, and sets no cookie.
 * - GET /u/:token is the preference page; it changes nothing by itself.
 * - POST /u/:token/pause pauses marketing emails.
 * A token that is not ours or not intact gets a 400 page and nothing is recorded.
 */
export const unsubscribeRoutes: FastifyPluginAsync<UnsubscribeRouteOptions> = async (app, { preferences, secrets }) => {
  checkLinkSecrets(secrets);

  // Any body is accepted in this plugin only (the JSON API outside it keeps answering 415): RFC 8058 clients send a
  // form, some send multipart or nothing, and the signed token plus the POST are the whole request. A form is
  // read for the preference page's `source` field; anything else is ignored.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) =>
    done(
      null,
      /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')
        ? Object.fromEntries(new URLSearchParams(body as string))
        : undefined,
    ),
  );

  // Someone who followed a link from an email reads these answers, so errors are pages too.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof TokenError) {
      request.log.info({ reason: err.reason, statusCode: 400 }, 'link refused');
      return sendPage(request, reply, 400, { kind: 'invalidLink' });
    }
    const statusCode = err.statusCode ?? 500;
    // Fastify's own client errors (415, 413, …) are safe to pass on; anything else is ours to log.
    if (err.code?.startsWith('FST_') && statusCode >= 400 && statusCode < 500) {
      request.log.info({ error: err.code, statusCode }, 'request rejected');
      return sendPage(request, reply, statusCode, { kind: 'badRequest' });
    }
    request.log.error({ err }, 'request failed');
    return sendPage(request, reply, 500, { kind: 'failed' });
  });

  app.get<TokenRoute>(
    '/u/:token',
    { schema: linkSchema('The preference page of a marketing email', 'the preference page') },
    async (request, reply) => {
      verifyToken(request.params.token, secrets);
      return sendPage(request, reply, 200, {
        kind: 'preferences',
        token: request.params.token,
        pauseDays: MARKETING_PAUSE_DAYS,
      });
    },
  );

  app.post<TokenRoute>(
    '/u/:token',
    { schema: linkSchema('One-click unsubscribe (RFC 8058); any body', 'unsubscribed', UnsubscribeForm) },
    async (request, reply) => {
      const { storeId, customerId, list, test } = verifyToken(request.params.token, secrets);
      // A test email's link shows what a customer would see and changes nothing for anyone.
      if (test) return sendPage(request, reply, 200, { kind: 'unsubscribed', test });
      const source = formField(request.body, 'source') === 'preference-page' ? 'preference-page' : 'one-click';
      await preferences.unsubscribe({ storeId, customerId, list, source });
      request.log.info({ storeId, customerId, list, source }, 'unsubscribed');
      return sendPage(request, reply, 200, { kind: 'unsubscribed' });
    },
  );

  app.post<TokenRoute>(
    '/u/:token/pause',
    { schema: linkSchema('Pause marketing emails', 'paused', z.object({})) },
    async (request, reply) => {
      const { storeId, customerId, list, test } = verifyToken(request.params.token, secrets);
      if (test) return sendPage(request, reply, 200, { kind: 'paused', days: MARKETING_PAUSE_DAYS, test });
      await preferences.pause({ storeId, customerId, list, days: MARKETING_PAUSE_DAYS, source: 'preference-page' });
      request.log.info({ storeId, customerId, list, days: MARKETING_PAUSE_DAYS }, 'paused');
      return sendPage(request, reply, 200, { kind: 'paused', days: MARKETING_PAUSE_DAYS });
    },
  );
};
