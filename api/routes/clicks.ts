import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { verifyClickToken, verifyOpenToken } from '../../links/clickToken';
import { checkLinkSecrets, TokenError } from '../../links/signedToken';
import type { FactStore } from '../../measurement/facts';
import { PAGE_HEADERS, renderPage } from '../pages/preferencePages';
import { htmlPage, TokenParams } from '../routeSchemas';

/** The smallest transparent GIF (1×1). */
const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface ClickRouteOptions {
  facts: Pick<FactStore, 'recordClick' | 'recordOpen'>;
  /** Link secrets, newest first (tracked links are signed like the unsubscribe links). */
  secrets: readonly string[];
  now?: () => number;
}

/**
 * GET/HEAD /c/{token}: a tracked link of an email. Records the click (flagged when it looks like a machine's:
 * measurement/botClicks.ts), then redirects to where the email pointed. A token that is not ours gets the link
 * error page and no redirect, so the route can never send anyone elsewhere. The customer's click matters more than
 * the fact: when the database is down the redirect still happens.
 */
export const clickRoutes: FastifyPluginAsync<ClickRouteOptions> = async (app, { facts, secrets, now = Date.now }) => {
  checkLinkSecrets(secrets);
  app.route<{ Params: z.infer<typeof TokenParams> }>({
    method: ['GET', 'HEAD'],
    url: '/c/:token',
    schema: {
      summary: 'A tracked link of an email: records the click, then redirects to where the email pointed',
      tags: ['links'],
      params: TokenParams,
      response: {
        302: z.null().meta({ description: 'to the link of the email (Location)' }),
        400: htmlPage('the link is not ours: no redirect'),
      },
    },
    // HEAD is routed explicitly: fastify's automatic HEAD would run the GET handler and record a person's click.
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      let link;
      try {
        link = verifyClickToken(request.params.token, secrets);
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        request.log.info({ reason: err.reason, statusCode: 400 }, 'tracked link refused');
        return reply
          .code(400)
          .headers({ ...PAGE_HEADERS, 'content-language': 'en' })
          .send(renderPage({ kind: 'invalidLink' }, 'en'));
      }
      if (!link.test) {
        const { storeId, customerId, messageKey, journeyId, stepId, url } = link;
        const linkId = new URL(url);
        linkId.search = '';
        linkId.hash = '';
        try {
          const machine = await facts.recordClick({
            storeId,
            customerId,
            messageKey,
            journeyId,
            stepId,
            link: linkId.href,
            method: request.method,
            userAgent: request.headers['user-agent'],
            at: now(),
          });
          request.log.info({ storeId, journeyId, stepId, machine }, 'click recorded');
        } catch (err) {
          request.log.warn(
            { storeId, journeyId, stepId, error: err instanceof Error ? err.message : String(err) },
            'click not recorded',
          );
        }
      }
      // Never cached: each click is counted, and a changed link target is followed.
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(link.url, 302);
    },
  });

  // GET /o/{token}: the open pixel of stores that turned it on. The first open of a message is recorded; the image
  // is sent whatever happens, so a mail app never shows a broken image.
  const pixel = {
    summary: 'The open pixel of an email',
    tags: ['links'],
    params: TokenParams,
    response: { 200: { description: 'a 1×1 transparent GIF', content: { 'image/gif': { schema: z.string() } } } },
  };
  app.get<{ Params: z.infer<typeof TokenParams> }>('/o/:token', { schema: pixel }, async (request, reply) => {
    try {
      const { test, storeId, customerId, messageKey } = verifyOpenToken(request.params.token, secrets);
      if (!test) await facts.recordOpen(storeId, customerId, messageKey, now());
    } catch (err) {
      request.log.info({ error: err instanceof Error ? err.message : String(err) }, 'open not recorded');
    }
    return reply.header('content-type', 'image/gif').header('cache-control', 'no-store').send(TRANSPARENT_GIF);
  });
};
