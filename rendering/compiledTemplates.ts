import mjml2html from 'mjml';
import type { Locale } from '../definitions/localized';
import { handlebars } from './helpers';
import type { MessageContext } from './messageContext';
import { listTemplates, readTemplateSource, type TemplateSource } from './templateSource';

type Render = HandlebarsTemplateDelegate<MessageContext>;

/** One template × locale, ready to send: MJML is already HTML, only Handlebars runs per message. */
export interface CompiledTemplate {
  subject: Render;
  preheader: Render;
  /** Reads the rendered subject and preheader as {{@subject}} / {{@preheader}} (title and preview text). */
  html: Render;
  text: Render;
}

/** A template that cannot be compiled; the message names the file and line to fix. */
class TemplateError extends Error {
  override name = 'TemplateError';
}

interface MjmlIssue {
  line: number;
  message: string;
}

/**
 * Compiled templates, each template × locale compiled once. The source files are re-read and hashed at most once
 * per `recheckMs` per template (not on every send: that file I/O would dominate the hot path), so an edited
 * template recompiles soon after the edit without a restart.
 */
export class TemplateLibrary {
  private readonly cache = new Map<string, { hash: string; checkedAt: number; compiled: Promise<CompiledTemplate> }>();
  private mjmlRuns = 0;

  constructor(
    readonly templatesDir: string,
    private readonly options: { recheckMs?: number } = {},
  ) {}

  /** How many MJML compilations ran: lets tests check the cache without timing anything. */
  get mjmlCompilations(): number {
    return this.mjmlRuns;
  }

  /** Every template name × locale that has copy. */
  list(): { template: string; locale: Locale }[] {
    return listTemplates(this.templatesDir);
  }

  /** Compiles everything up front so a broken template stops the worker at start, not a customer's email. */
  async warm(): Promise<void> {
    const results = await Promise.allSettled(this.list().map(({ template, locale }) => this.get(template, locale)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (errors.length) throw new TemplateError(`${errors.length} template(s) failed to compile:\n${errors.join('\n')}`);
  }

  /** The compiled template, compiling it when it is new or its files changed. */
  async get(template: string, locale: Locale): Promise<CompiledTemplate> {
    const key = `${template}/${locale}`;
    const cached = this.cache.get(key);
    const now = Date.now();
    if (cached && now - cached.checkedAt < (this.options.recheckMs ?? 1_000)) return cached.compiled;
    const source = readTemplateSource(this.templatesDir, template, locale);
    if (cached?.hash === source.hash) {
      cached.checkedAt = now;
      return cached.compiled;
    }
    // The promise is cached, so concurrent first sends share one compilation; a failure is not cached.
    const compiled = this.compile(source);
    this.cache.set(key, { hash: source.hash, checkedAt: now, compiled });
    compiled.catch(() => {
      if (this.cache.get(key)?.compiled === compiled) this.cache.delete(key);
    });
    return compiled;
  }

  private async compile(source: TemplateSource): Promise<CompiledTemplate> {
    this.mjmlRuns++;
    let html: string;
    try {
      ({ html } = await mjml2html(source.mjml, { validationLevel: 'strict', keepComments: false }));
    } catch (err) {
      const issues = (err as { errors?: MjmlIssue[] }).errors;
      if (!issues) throw new TemplateError(`${source.file}: MJML failed: ${(err as Error).message}`);
      const where = (line: number) => {
        const origin = source.origins[line - 1];
        return origin ? `${origin.file}:${origin.line}` : `${source.file} (assembled line ${line})`;
      };
      const lines = issues.map((i) => `  ${where(i.line)}: ${i.message}`);
      throw new TemplateError(
        `template "${source.template}" (${source.locale}) is not valid MJML:\n${lines.join('\n')}`,
      );
    }
    const parts = { subject: source.subject, preheader: source.preheader, html, text: source.text };
    // Handlebars compiles lazily; parsing now reports syntax errors at warm-up instead of at the first send.
    for (const [part, input] of Object.entries(parts)) {
      try {
        handlebars.parse(input);
      } catch (err) {
        throw new TemplateError(
          `template "${source.template}" (${source.locale}), ${part} part of ${source.file}: ${(err as Error).message}`,
        );
      }
    }
    const plain = { strict: true, noEscape: true };
    return {
      subject: handlebars.compile<MessageContext>(parts.subject, plain),
      preheader: handlebars.compile<MessageContext>(parts.preheader, plain),
      html: handlebars.compile<MessageContext>(parts.html, { strict: true }),
      text: handlebars.compile<MessageContext>(parts.text, plain),
    };
  }
}
