import fs from 'node:fs';
import path from 'node:path';
import { Locale } from '../definitions/localized';
import { TemplateLibrary } from '../rendering/compiledTemplates';
import { readTemplateSource, type TemplateSource } from '../rendering/templateSource';
import { type Problem, problemsFromMessage } from './problems';
import { checkExpressions, type TemplatePart } from './templateVariables';

/** The locales every message needs, each with the reason (English: the fallback; others: a store sells in them). */
export type RequiredLocales = ReadonlyMap<Locale, string>;

/**
 * Every message template × locale: both files there for each required locale, then the assembled template read as
 * a send reads it (front matter, partials), its variables checked against the message context, and compiled by the
 * TemplateLibrary the worker uses (MJML strict validation, errors at the line of the file that holds them).
 */
export async function validateTemplates(
  templatesDir: string,
  required: RequiredLocales,
  /** The catalog's custom per-product fields, which templates reach as product.extra.<name>. */
  productFields: readonly string[] = [],
): Promise<{ problems: Problem[]; templates: string[] }> {
  const messagesDir = path.join(templatesDir, 'messages');
  const templates = fs
    .readdirSync(messagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const library = new TemplateLibrary(templatesDir);
  const problems: Problem[] = [];
  for (const template of templates) {
    for (const locale of Locale.options) {
      const files = ['mjml', 'txt'].map((ext) => path.join(messagesDir, template, `${locale}.${ext}`));
      const present = files.filter((f) => fs.existsSync(f));
      // A locale no store sells is still checked once someone started it: half a translation breaks when it is enabled.
      const reason = required.get(locale) ?? (present.length ? `${path.basename(present[0])} is there` : undefined);
      if (!reason) continue;
      if (present.length < files.length) {
        for (const file of files.filter((f) => !present.includes(f)))
          problems.push({ severity: 'error', file, message: `missing: ${reason}` });
        continue;
      }
      problems.push(...(await checkTemplate(library, template, locale, files[0], productFields)));
    }
  }
  return { problems, templates };
}

async function checkTemplate(
  library: TemplateLibrary,
  template: string,
  locale: Locale,
  file: string,
  productFields: readonly string[],
): Promise<Problem[]> {
  let source: TemplateSource;
  try {
    source = readTemplateSource(library.templatesDir, template, locale);
  } catch (err) {
    return problemsFromMessage((err as Error).message, file);
  }
  const { problems, syntax } = expressionProblems(source, productFields);
  // A Handlebars syntax error is already reported at its line; the compiler would only repeat it at an HTML line.
  if (syntax) return problems;
  try {
    await library.get(template, locale);
  } catch (err) {
    const { message } = err as Error;
    const prefix = message.includes('MJML') ? 'MJML: ' : '';
    problems.push(...problemsFromMessage(message, source.file).map((p) => ({ ...p, message: prefix + p.message })));
  }
  return problems;
}

interface Part {
  part: TemplatePart;
  text: string;
  /** Where line `line` of `text` was written. */
  at: (line: number) => { file: string; line?: number; note?: string };
}

function expressionProblems(
  source: TemplateSource,
  productFields: readonly string[],
): { problems: Problem[]; syntax: boolean } {
  const lines = fs.readFileSync(source.file, 'utf8').split('\n');
  const keyLine = (key: string) => lines.findIndex((l) => l.startsWith(`${key}:`)) + 1 || undefined;
  const textFile = source.file.replace(/\.mjml$/, '.txt');
  const parts: Part[] = [
    { part: 'subject', text: source.subject, at: () => ({ file: source.file, line: keyLine('subject') }) },
    { part: 'preheader', text: source.preheader, at: () => ({ file: source.file, line: keyLine('preheader') }) },
    { part: 'html', text: source.mjml, at: (line) => source.origins[line - 1] ?? { file: source.file } },
    // TemplateSource records where MJML lines come from but not text lines: name the .txt and the assembled line.
    {
      part: 'text',
      text: source.text,
      at: (line) => ({ file: textFile, note: ` (plain-text part, line ${line} with partials included)` }),
    },
  ];
  let syntax = false;
  const problems = parts.flatMap(({ part, text, at }) =>
    checkExpressions(text, part, productFields).map((issue): Problem => {
      syntax ||= !!issue.syntax;
      const where = at(issue.line);
      return { severity: 'error', file: where.file, line: where.line, message: issue.message + (where.note ?? '') };
    }),
  );
  return { problems, syntax };
}
