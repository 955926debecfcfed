/**
 * The admin preview page: every template × locale with its subject and preheader, the email in a frame and a link to
 * its text part. Self-contained (no scripts, no external assets): the desktop/mobile switch is two radio buttons and
 * CSS (the radio buttons sit right before <main> because a CSS sibling selector is what reaches the frames). Every
 * interpolated value is escaped.
 */
import type { Locale } from '../../definitions/localized';
import { escapeHtml, htmlDocument } from './htmlDocument';
import { PAGE_HEADERS } from './preferencePages';

const DESKTOP_WIDTH = 600;
const MOBILE_WIDTH = 375;

interface Target {
  template: string;
  locale: Locale;
  /** Ids of the journeys that send it; empty for a template no journey uses yet. */
  journeys: string[];
}

export type PreviewEntry = Target & ({ subject: string; preheader: string } | { error: string });

/** `refusedEdit`: the newest edit's errors when it was refused (the entries then show the content still in use). */
export type PreviewView = { entries: PreviewEntry[]; refusedEdit?: string[] } | { contentError: string };

/** The page may frame only its own email routes; nothing may frame, cache or index the page. */
export const PREVIEW_PAGE_HEADERS = {
  ...PAGE_HEADERS,
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
} as const;

/**
 * One rendered email, shown in a sandboxed frame of the page. Emails load their product pictures from the shop, so
 * images may come from anywhere; nothing else may load, and nothing runs.
 */
export const EMAIL_HEADERS = {
  ...PAGE_HEADERS,
  'content-security-policy':
    "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; font-src https: data:; form-action 'none'; frame-ancestors 'self'; base-uri 'none'; sandbox",
  'x-frame-options': 'SAMEORIGIN',
} as const;

export const TEXT_HEADERS = {
  ...PAGE_HEADERS,
  'content-type': 'text/plain; charset=utf-8',
  'content-security-policy': "default-src 'none'; sandbox",
} as const;

/** Relative to /preview, so the links keep working behind a path prefix. */
function emailPath(template: string, locale: Locale): string {
  return `preview/${encodeURIComponent(template)}/${encodeURIComponent(locale)}`;
}

const STYLE = `body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;line-height:1.5;color:#222;background:#f7f5f2}
header{padding:1rem 1.5rem;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:1.3rem;margin:0 0 .5rem}
.widths{display:inline-block;margin:1rem .5rem 0 1.5rem}
body>label{margin-right:1rem}
main{padding:1rem 1.5rem}
.entry{background:#fff;border-radius:8px;padding:1rem 1.5rem;margin:0 0 1.5rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
h2 .locale{font-weight:normal;color:#555}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 .5rem}
dt{color:#555}
dd{margin:0}
.note{color:#555;font-size:.9rem}
.error pre{white-space:pre-wrap;color:#a00;background:#fff4f4;padding:.8rem;border-radius:6px}
iframe{display:block;width:${DESKTOP_WIDTH}px;max-width:100%;height:900px;border:1px solid #ccc;background:#fff}
#width-mobile:checked ~ main iframe{width:${MOBILE_WIDTH}px}`;

const WIDTH_SWITCH = `<span class="widths">Width:</span>
<input type="radio" name="width" id="width-desktop" checked><label for="width-desktop">Desktop (${DESKTOP_WIDTH}px)</label>
<input type="radio" name="width" id="width-mobile"><label for="width-mobile">Mobile (${MOBILE_WIDTH}px)</label>
`;

function entryHtml(entry: PreviewEntry): string {
  const { template, locale } = entry;
  const name = `${escapeHtml(template)} <span class="locale">${escapeHtml(locale)}</span>`;
  const usedBy = entry.journeys.length
    ? `<p class="note">Sent by journey ${entry.journeys.map(escapeHtml).join(', ')}</p>`
    : '<p class="note">No journey uses this template yet: shown as a service message about the whole order.</p>';
  const open = `<section class="entry${'error' in entry ? ' error' : ''}" id="${escapeHtml(`${template}-${locale}`)}" data-template="${escapeHtml(template)}" data-locale="${escapeHtml(locale)}">`;
  if ('error' in entry)
    return `${open}\n<h2>${name}</h2>\n${usedBy}\n<pre>${escapeHtml(entry.error)}</pre>\n</section>`;
  const href = escapeHtml(emailPath(template, locale));
  return `${open}
<h2>${name}</h2>
${usedBy}
<dl lang="${escapeHtml(locale)}"><dt>Subject</dt><dd class="subject">${escapeHtml(entry.subject)}</dd><dt>Preheader</dt><dd class="preheader">${escapeHtml(entry.preheader)}</dd></dl>
<p><a href="${href}/text" target="_blank" rel="noreferrer">Text part</a> · <a href="${href}" target="_blank" rel="noreferrer">Open the email alone</a></p>
<iframe sandbox src="${href}" title="${escapeHtml(`${template} (${locale})`)}" loading="lazy"></iframe>
</section>`;
}

function mainHtml(view: PreviewView): { summary: string; html: string } {
  if ('contentError' in view)
    return {
      summary:
        'The content could not be loaded, so nothing was rendered. Run npx afterglow validate for every problem.',
      html: `<section class="entry error"><pre>${escapeHtml(view.contentError)}</pre></section>`,
    };
  const failed = view.entries.filter((e) => 'error' in e).length;
  const summary =
    `${view.entries.length} previews (every template × every locale a store sells in), rendered with a sample order like a real send.` +
    (failed ? ` ${failed} failed to render.` : '');
  const refused = view.refusedEdit
    ? `<section class="entry error" id="refused-edit"><h2>Your latest edit was refused</h2>\n<p class="note">Customers, and these previews, keep the last content that passed validation until these are fixed:</p>\n<pre>${escapeHtml(view.refusedEdit.join('\n'))}</pre></section>\n`
    : '';
  return { summary, html: refused + view.entries.map(entryHtml).join('\n') };
}

export function renderPreviewPage(view: PreviewView): string {
  const { summary, html } = mainHtml(view);
  const body = `<header>\n<h1>Afterglow email previews</h1>\n<p class="note">${escapeHtml(summary)}</p>\n</header>\n${'entries' in view ? WIDTH_SWITCH : ''}<main>\n${html}\n</main>`;
  return htmlDocument({ lang: 'en', title: 'Afterglow email previews', style: STYLE, body });
}
