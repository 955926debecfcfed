import { z } from 'zod';
import type { Locale } from '../definitions/localized';
import type { TemplateLibrary } from './compiledTemplates';
import { MessageContext } from './messageContext';

export interface RenderedMessage {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/** One email from its compiled template: only Handlebars runs here, MJML ran once when the template compiled. */
export async function renderMessage(
  templates: TemplateLibrary,
  template: string,
  locale: Locale,
  context: MessageContext,
): Promise<RenderedMessage> {
  const checked = MessageContext.safeParse(context);
  if (!checked.success)
    throw new Error(`message context for "${template}" is invalid:\n${z.prettifyError(checked.error)}`);
  const compiled = await templates.get(template, locale);
  const data = checked.data;
  const subject = oneLine(compiled.subject(data));
  const preheader = oneLine(compiled.preheader(data));
  return {
    subject,
    preheader,
    html: compiled.html(data, { data: { subject, preheader } }),
    text: compiled.text(data),
  };
}

/** Subjects are headers: line breaks from YAML block scalars or data must not reach them. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
