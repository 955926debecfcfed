import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Locale } from '../definitions/localized';
import { parseYaml } from '../definitions/loadYaml';

/**
 * Reads one message template and assembles it, without compiling anything.
 *
 * Layout of the templates folder:
 *   layouts/main.mjml, layouts/main.txt      the frame; a line `{{> body}}` marks where the message goes
 *   partials/<name>[.<locale>].mjml|.txt|.hbs shared pieces, included by a line `{{> name}}` (locale-specific first,
 *                                             .hbs fragments serve both the HTML and the text part)
 *   messages/<name>/<locale>.mjml            YAML front matter (subject, preheader) + mj-section elements
 *   messages/<name>/<locale>.txt             the plain-text part
 * Inclusion happens here, before MJML, so partials may hold MJML; Handlebars later sees one flat template.
 */

/** Where a line of the assembled document was written, so MJML errors point at the file a person edits. */
export interface SourceLine {
  file: string;
  line: number;
}

export interface TemplateSource {
  template: string;
  locale: Locale;
  /** The message file the copy comes from (English when the locale has none). */
  file: string;
  mjml: string;
  /** origins[i] is where line i + 1 of `mjml` comes from. */
  origins: SourceLine[];
  subject: string;
  preheader: string;
  text: string;
  /** Changes whenever any file that went into this template changes. */
  hash: string;
}

const FrontMatter = z.object({ subject: z.string().min(1), preheader: z.string().min(1) }).strict();
const INCLUDE = /^\s*\{\{>\s*([\w-]+)\s*\}\}\s*$/;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

type Kind = 'mjml' | 'txt';
type Line = SourceLine & { text: string };

/** Every message template and the locales it has copy for. */
export function listTemplates(templatesDir: string): { template: string; locale: Locale }[] {
  const dir = path.join(templatesDir, 'messages');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((template) =>
      Locale.options
        .filter((locale) => fs.existsSync(path.join(dir, template, `${locale}.mjml`)))
        .map((locale) => ({ template, locale })),
    );
}

export function readTemplateSource(templatesDir: string, template: string, locale: Locale): TemplateSource {
  if (!/^[\w-]+$/.test(template)) throw new Error(`invalid template name "${template}"`);
  const dir = path.join(templatesDir, 'messages', template);
  const sourceLocale = fs.existsSync(path.join(dir, `${locale}.mjml`)) ? locale : 'en';
  const file = path.join(dir, `${sourceLocale}.mjml`);
  if (!fs.existsSync(file)) throw new Error(`unknown template "${template}": ${file} does not exist`);

  const raw = fs.readFileSync(file, 'utf8');
  const match = FRONT_MATTER.exec(raw);
  if (!match) throw new Error(`${file}:1: must start with a front matter block (---, subject, preheader, ---)`);
  // The leading newline stands in for the opening "---" so YAML errors carry the file's own line numbers.
  const { subject, preheader } = parseYaml(`\n${match[1]}`, file, FrontMatter);
  const bodyStart = match[0].split('\n').length;
  const body = toLines(raw.slice(match[0].length), file, bodyStart);

  const textFile = path.join(dir, `${sourceLocale}.txt`);
  if (!fs.existsSync(textFile))
    throw new Error(`template "${template}" has no plain-text part: ${textFile} does not exist`);
  const textBody = toLines(fs.readFileSync(textFile, 'utf8'), textFile, 1);

  const assemble = (kind: Kind, message: Line[]) => {
    const ctx: Expansion = { templatesDir, kind, locale: sourceLocale };
    const layout = readLines(path.join(templatesDir, 'layouts', `main.${kind}`));
    return expand(layout, { ...ctx, body: expand(message, ctx) });
  };
  const mjmlLines = assemble('mjml', body);
  const textLines = assemble('txt', textBody);
  const mjml = mjmlLines.map((l) => l.text).join('\n');
  const text =
    textLines
      .map((l) => l.text)
      .join('\n')
      .trim() + '\n';
  const hash = createHash('sha256')
    .update(JSON.stringify([mjml, subject, preheader, text]))
    .digest('hex');
  return {
    template,
    locale,
    file,
    mjml,
    origins: mjmlLines.map(({ file, line }) => ({ file, line })),
    subject,
    preheader,
    text,
    hash,
  };
}

function toLines(text: string, file: string, firstLine: number): Line[] {
  return text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((t, i) => ({ text: t, file, line: firstLine + i }));
}

function readLines(file: string): Line[] {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  return toLines(fs.readFileSync(file, 'utf8'), file, 1);
}

interface Expansion {
  templatesDir: string;
  kind: Kind;
  locale: Locale;
  /** The message's own lines (already expanded); only the layout may place them. */
  body?: Line[];
}

/** Replaces every `{{> name}}` line with the partial's lines (recursively); `body` is the message itself. */
function expand(lines: Line[], ctx: Expansion, stack: string[] = []): Line[] {
  return lines.flatMap((line) => {
    const name = INCLUDE.exec(line.text)?.[1];
    if (!name) return [line];
    if (name === 'body') {
      if (!ctx.body) throw new Error(`${line.file}:${line.line}: {{> body}} belongs in the layout only`);
      return ctx.body;
    }
    const file = partialFile(ctx, name);
    if (!file)
      throw new Error(
        `${line.file}:${line.line}: no partial "${name}" for ${ctx.kind} in ${path.join(ctx.templatesDir, 'partials')}`,
      );
    if (stack.includes(file)) throw new Error(`${line.file}:${line.line}: partial "${name}" includes itself`);
    return expand(readLines(file), ctx, [...stack, file]);
  });
}

function partialFile({ templatesDir, kind, locale }: Expansion, name: string): string | undefined {
  const dir = path.join(templatesDir, 'partials');
  const candidates = [kind, 'hbs'].flatMap((ext) => [`${name}.${locale}.${ext}`, `${name}.${ext}`]);
  return candidates.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}
