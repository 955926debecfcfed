import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RecordAnswer } from '../../client/answerRecorder';
import { Answer, MAX_COMMENT_LENGTH, QUESTIONS } from '../../domain/answers';
import type { Locale } from '../../definitions/localized';
import { type AnswerTokenPayload, verifyAnswerToken } from '../../links/answerToken';
import { checkLinkSecrets, TokenError } from '../../links/signedToken';
import { type AnswerPageView, renderAnswerPage } from '../pages/answerPages';
import { PAGE_HEADERS, renderPage } from '../pages/preferencePages';
import { htmlPage, TokenParams } from '../routeSchemas';

export interface AnswerRouteOptions {
  recordAnswer: RecordAnswer;
  /** Link secrets, newest first (the answer links are signed like the unsubscribe links). */
  secrets: readonly string[];
  /** A product's name for the question page, from the catalog. */
  productName?: (sku: string, locale: Locale) => string | undefined;
  now?: () => Date;
}

type TokenRoute = { Params: z.infer<typeof TokenParams> };

/** The page's form; a missing or unknown choice gets the question again (400), a long comment is cut. */
const AnswerForm = z.object({
  choice: z.string().meta({ description: "one of the question's choices" }),
  comment: z.string().optional(),
});
const answerPages = (summary: string, done: string) => ({
  summary,
  tags: ['links'],
  params: TokenParams,
  response: {
    200: htmlPage(done),
    400: htmlPage('the link is not valid, or the answer needs a choice'),
    410: htmlPage('the link expired: the page says to reply to the email instead'),
  },
});

function send(reply: FastifyReply, statusCode: number, html: string, language: Locale): FastifyReply {
  return reply
    .code(statusCode)
    .headers({ ...PAGE_HEADERS, 'content-language': language })
    .send(html);
}

const field = (body: unknown, name: string): string | undefined => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/**
 * The answer links of the feedback and win-back emails, /a/{token} (signed, expiring):
 * - GET opens the question with the email's choice preselected; it records nothing (mail scanners open every link);
 * - POST (the page's one button) records the answer: stored first, then told to the journey (client/answerRecorder.ts).
 *   A later answer to the same question replaces the earlier one.
 * A link that is not ours or not intact gets the link error page; an expired one a page that says to reply instead.
 */
export const answerRoutes: FastifyPluginAsync<AnswerRouteOptions> = async (
  app,
  { recordAnswer, secrets, productName, now = () => new Date() },
) => {
  checkLinkSecrets(secrets);
  // Forms only, in this plugin; the JSON API outside it keeps answering 415 to them.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof TokenError && err.reason === 'expired')
      return send(reply, 410, renderAnswerPage({ kind: 'expired' }, 'en'), 'en');
    if (err instanceof TokenError) {
      request.log.info({ reason: err.reason, statusCode: 400 }, 'answer link refused');
      return send(reply, 400, renderPage({ kind: 'invalidLink' }, 'en'), 'en');
    }
    const statusCode = err.statusCode ?? 500;
    if (err.code?.startsWith('FST_') && statusCode >= 400 && statusCode < 500)
      return send(reply, statusCode, renderPage({ kind: 'badRequest' }, 'en'), 'en');
    request.log.error({ err }, 'answer failed');
    return send(reply, 500, renderPage({ kind: 'failed' }, 'en'), 'en');
  });

  const questionPage = (
    request: FastifyRequest<TokenRoute>,
    link: AnswerTokenPayload,
    choice: string | undefined,
    chooseOne = false,
  ): AnswerPageView => ({
    kind: 'question',
    token: request.params.token,
    question: link.question,
    choice,
    productName: link.sku ? productName?.(link.sku, link.locale) : undefined,
    chooseOne,
    test: link.test,
  });

  app.get<TokenRoute>(
    '/a/:token',
    {
      schema: answerPages(
        "The question of a feedback or win-back email, the email's choice preselected",
        'the question',
      ),
    },
    async (request, reply) => {
      const link = verifyAnswerToken(request.params.token, secrets, now());
      return send(reply, 200, renderAnswerPage(questionPage(request, link, link.choice), link.locale), link.locale);
    },
  );

  app.post<TokenRoute>(
    '/a/:token',
    {
      schema: {
        ...answerPages('Answer the question', 'thanks'),
        readByHandler: { body: AnswerForm },
        consumes: ['application/x-www-form-urlencoded'],
      },
    },
    async (request, reply) => {
      const link = verifyAnswerToken(request.params.token, secrets, now());
      const choice = field(request.body, 'choice');
      const allowed: readonly string[] = QUESTIONS[link.question];
      if (!choice || !allowed.includes(choice))
        return send(
          reply,
          400,
          renderAnswerPage(questionPage(request, link, undefined, true), link.locale),
          link.locale,
        );
      // Browsers send a textarea's line breaks as CRLF; longer than the page allows is cut, not refused.
      const comment = field(request.body, 'comment')?.replace(/\r\n?/g, '\n').trim().slice(0, MAX_COMMENT_LENGTH);
      const answer = Answer.safeParse({
        ...link,
        choice,
        comment: comment || undefined,
        test: !!link.test,
        answeredAt: now().toISOString(),
      });
      if (!answer.success)
        return send(reply, 400, renderAnswerPage(questionPage(request, link, choice, true), link.locale), link.locale);
      const { answerId } = await recordAnswer(answer.data);
      request.log.info(
        {
          storeId: link.storeId,
          customerId: link.customerId,
          orderId: link.orderId,
          question: link.question,
          answerId,
          test: !!link.test,
        },
        'answer recorded',
      );
      return send(
        reply,
        200,
        renderAnswerPage({ kind: 'thanks', question: link.question, choice, test: link.test }, link.locale),
        link.locale,
      );
    },
  );
};
