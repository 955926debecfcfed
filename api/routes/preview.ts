import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderSampleWith } from '../../authoring/sampleMessage';
import { type Content, loadContent } from '../../definitions/content';
import { Locale } from '../../definitions/localized';
import { templateLibraries } from '../../rendering/templateSets';
import { listTemplates } from '../../rendering/templateSource';
import { pageAdminAuth } from '../adminAuth';
import { ApiError } from '../errors';
import {
  EMAIL_HEADERS,
  type PreviewEntry,
  PREVIEW_PAGE_HEADERS,
  renderPreviewPage,
  TEXT_HEADERS,
} from '../pages/previewPage';
import { errorAnswers, htmlPage } from '../routeSchemas';
import { ADMIN_PAGE, declareSecurity } from '../securitySchemes';

export interface PreviewRouteOptions {
  /** AFTERGLOW_ADMIN_TOKEN: the password of HTTP Basic auth (any user name), or `Authorization: Bearer <it>`. */
  adminToken: string;
  /** Folder holding journeys/, catalog/, stores/ and templates/; read on every request unless `live` is given. */
  contentDir: string;
  /** The content in use (api/main.ts: the last set that passed validation), with why the newest edit was refused. */
  live?: { content: () => Content; refusedEdit: () => string[] | undefined };
  /** PUBLIC_URL: base of the feedback link and of the placeholder unsubscribe link in the samples. */
  publicUrl: string;
}

/**
 * What the page shows: each template the journeys send (in step order), then each template no journey uses yet,
 * in every locale a store sells in. A journey naming a template that does not exist is listed too: its entry
 * shows the error.
 */
function previewTargets(
  content: Content,
  templatesDir: string,
): { template: string; locale: Locale; journeys: string[] }[] {
  const stores = [...content.stores.values()];
  const locales = Locale.options.filter((locale) => stores.some((store) => store.locales.includes(locale)));
  const journeys = new Map<string, Set<string>>();
  for (const { definition } of content.journeys)
    for (const step of definition.steps)
      if ('template' in step)
        journeys.set(step.template, (journeys.get(step.template) ?? new Set()).add(definition.id));
  const unused = [...new Set(listTemplates(templatesDir).map((t) => t.template))].filter((t) => !journeys.has(t));
  return [...journeys.keys(), ...unused].flatMap((template) =>
    locales.map((locale) => ({ template, locale, journeys: [...(journeys.get(template) ?? [])] })),
  );
}

/** Error messages name files by absolute path; relative to the content folder they read as a marketer knows them. */
function relativeMessage(err: unknown, contentDir: string): string {
  return (err as Error).message.split(`${path.resolve(contentDir)}${path.sep}`).join('');
}

const EmailParams = z.object({ template: z.string(), locale: z.string() });

/**
 * The admin preview of every email (admin token only):
 * - GET /preview → the page: every template × locale with subject, preheader, the email in a frame, a link to the
 *   text part; a template that fails to render shows its error in its own entry;
 * - GET /preview/:template/:locale → the email's HTML, GET /preview/:template/:locale/text → its text part.
 * Samples render through renderSampleWith, the code `afterglow preview` uses: compiled template, buildContext,
 * renderMessage, as a real send. Its own plugin, so the auth hook guards exactly these routes.
 */
export const previewRoutes: FastifyPluginAsyncZod<PreviewRouteOptions> = async (
  app,
  { adminToken, contentDir, publicUrl, live },
) => {
  app.addHook('onRequest', pageAdminAuth(adminToken, 'Afterglow preview', 'the preview page needs'));
  declareSecurity(app, ADMIN_PAGE);
  // Libraries for the plugin's life: each template compiles once and recompiles after an edit.
  const libraryFor = templateLibraries();
  const currentContent = live?.content ?? (() => loadContent(contentDir));

  const pageSchema = {
    summary: 'Every template × locale rendered with sample data',
    tags: ['content'],
    response: { 200: htmlPage('the preview page'), 500: htmlPage('the content failed to load: the page says why') },
  };
  app.get('/preview', { schema: pageSchema }, async (request, reply) => {
    let content: Content;
    let targets: ReturnType<typeof previewTargets>;
    try {
      content = currentContent();
      targets = previewTargets(content, content.templatesDir);
    } catch (err) {
      request.log.warn({ err }, 'preview: content failed to load');
      return reply
        .code(500)
        .headers(PREVIEW_PAGE_HEADERS)
        .send(renderPreviewPage({ contentError: relativeMessage(err, contentDir) }));
    }
    const entries = await Promise.all(
      targets.map(async (target): Promise<PreviewEntry> => {
        try {
          const { rendered } = await renderSampleWith(content, libraryFor(content.templatesDir), {
            template: target.template,
            locale: target.locale,
            publicUrl,
          });
          return { ...target, subject: rendered.subject, preheader: rendered.preheader };
        } catch (err) {
          request.log.warn({ template: target.template, locale: target.locale }, 'preview: template failed to render');
          // An adopted set is a copy of the content folder: its paths read as the folder's.
          return { ...target, error: relativeMessage(err, path.dirname(content.templatesDir)) };
        }
      }),
    );
    return reply.headers(PREVIEW_PAGE_HEADERS).send(renderPreviewPage({ entries, refusedEdit: live?.refusedEdit() }));
  });

  const render = async ({ template, locale }: z.infer<typeof EmailParams>) => {
    const content = currentContent();
    const target = previewTargets(content, content.templatesDir).find(
      (t) => t.template === template && t.locale === locale,
    );
    if (!target) throw new ApiError(404, 'not_found', 'no such template × locale: GET /preview lists them');
    return (
      await renderSampleWith(content, libraryFor(content.templatesDir), {
        template: target.template,
        locale: target.locale,
        publicUrl,
      })
    ).rendered;
  };

  // A failure here is already shown, with its message, in the template's entry on the page.
  const emailSchema = (summary: string, mediaType: string) => ({
    summary,
    tags: ['content'],
    params: EmailParams,
    response: { 200: { description: summary, content: { [mediaType]: { schema: z.string() } } }, ...errorAnswers(404) },
  });
  app.get(
    '/preview/:template/:locale',
    { schema: emailSchema("A sample email's HTML", 'text/html') },
    async (request, reply) => reply.headers(EMAIL_HEADERS).send((await render(request.params)).html),
  );
  app.get(
    '/preview/:template/:locale/text',
    { schema: emailSchema("A sample email's text part", 'text/plain') },
    async (request, reply) => reply.headers(TEXT_HEADERS).send((await render(request.params)).text),
  );
};
