import mjml2html from 'mjml';
import path from 'node:path';
import { sampleMessageInput } from '../authoring/sampleMessage';
import { loadContent } from '../definitions/content';
import type { Locale } from '../definitions/localized';
import { buildContext } from '../rendering/buildContext';
import { TemplateLibrary } from '../rendering/compiledTemplates';
import { handlebars } from '../rendering/helpers';
import type { MessageContext } from '../rendering/messageContext';
import { renderMessage } from '../rendering/renderMessage';
import { readTemplateSource } from '../rendering/templateSource';
import { type BenchRow, REPO_ROOT } from './shared';

interface Case {
  template: string;
  locale: Locale;
  context: MessageContext;
}

/** Every template × en/ja with the sample input a preview would use (same data for both paths). */
function cases(): { templatesDir: string; library: TemplateLibrary; cases: Case[] } {
  const content = loadContent(REPO_ROOT);
  const templatesDir = path.join(REPO_ROOT, 'templates');
  const library = new TemplateLibrary(templatesDir);
  const now = new Date('2026-03-02T01:30:00Z');
  const all = library.list().map(({ template, locale }) => ({
    template,
    locale,
    context: buildContext(
      sampleMessageInput(content, { template, locale, publicUrl: 'https://shop.example.com', now }),
    ),
  }));
  return { templatesDir, library, cases: all };
}

/** The obvious implementation: assemble, run MJML, compile Handlebars and render, for every single send. */
async function renderPerSend(templatesDir: string, c: Case): Promise<{ subject: string; html: string; text: string }> {
  const source = readTemplateSource(templatesDir, c.template, c.locale);
  const { html } = await mjml2html(source.mjml, { validationLevel: 'strict', keepComments: false });
  const plain = { strict: true, noEscape: true };
  const subject = handlebars.compile<MessageContext>(source.subject, plain)(c.context).replace(/\s+/g, ' ').trim();
  const preheader = handlebars.compile<MessageContext>(source.preheader, plain)(c.context).replace(/\s+/g, ' ').trim();
  return {
    subject,
    html: handlebars.compile<MessageContext>(html, { strict: true })(c.context, { data: { subject, preheader } }),
    text: handlebars.compile<MessageContext>(source.text, plain)(c.context),
  };
}

/** Round-robin over the cases for `ms` of wall time; returns messages per second. */
async function timed(
  ms: number,
  list: Case[],
  render: (c: Case) => Promise<unknown>,
): Promise<{ perSec: number; count: number }> {
  for (const c of list) await render(c); // warm-up: JIT, caches, one pass over everything
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    await render(list[count % list.length]);
    count++;
    elapsed = performance.now() - start;
  }
  return { perSec: (count / elapsed) * 1000, count };
}

export async function renderThroughput(seconds = 3): Promise<BenchRow[]> {
  const { templatesDir, library, cases: list } = cases();
  await library.warm();
  // Same output from both paths, so the comparison is like for like.
  for (const c of list) {
    const a = await renderMessage(library, c.template, c.locale, c.context);
    const b = await renderPerSend(templatesDir, c);
    if (a.subject !== b.subject || a.html !== b.html || a.text !== b.text)
      throw new Error(`render paths disagree on ${c.template}/${c.locale}`);
  }
  const compiled = await timed(seconds * 1000, list, (c) => renderMessage(library, c.template, c.locale, c.context));
  const perSend = await timed(seconds * 1000, list, (c) => renderPerSend(templatesDir, c));
  const locales = [...new Set(list.map((c) => c.locale))].join('/');
  return [
    {
      name: 'render: compiled (TemplateLibrary + renderMessage)',
      value: compiled.perSec,
      unit: 'msg/s',
      baselineName: 'MJML + Handlebars compile per send',
      baseline: perSend.perSec,
      ratio: compiled.perSec / perSend.perSec,
      note: `${list.length} template×locale cases (${locales}), ${seconds} s each; ${compiled.count} vs ${perSend.count} renders; outputs checked identical`,
    },
  ];
}
