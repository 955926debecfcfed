import type { FastifyPluginAsync } from 'fastify';
import type { MailRouteContext, MailWebhookOptions } from '../mailProviders/routeContext';
import { keepRawBody } from '../mailProviders/rawBody';
import { mailgunRoute } from './mailgunWebhook';
import { postmarkRoute } from './postmarkWebhook';
import { sendgridRoute } from './sendgridWebhook';
import { sesRoute } from './sesWebhook';
import { httpsSnsFetch, snsVerifier } from '../mailProviders/snsSignature';

/**
 * POST /v1/webhooks/{ses,sendgrid,mailgun,postmark}: the mail providers' bounce and complaint reports, each
 * verified the way its provider signs (docs/integrations/mail-providers.md). One plugin, as its body parser keeps
 * the raw bytes the signatures cover.
 */
export const mailWebhookRoutes: FastifyPluginAsync<MailWebhookOptions> = async (app, options) => {
  keepRawBody(app);
  const context: MailRouteContext = {
    ...options,
    now: options.now ?? Date.now,
    snsFetch: options.snsFetch ?? httpsSnsFetch,
    async accept(report, log) {
      const result = await options.record(report);
      if (!report.events.length) return { duplicate: false };
      // Ids and counts only: the recipient never reaches a log line.
      log.info(
        { provider: report.provider, eventId: report.eventId, events: report.events.length, ...result },
        'mail provider report',
      );
      return { duplicate: result.duplicate };
    },
  };
  // One verifier per server: its certificate cache outlives requests.
  sesRoute(app, { ...context, verifySns: snsVerifier(context.snsFetch) });
  mailgunRoute(app, context);
  sendgridRoute(app, context);
  postmarkRoute(app, context);
};
