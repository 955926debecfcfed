import { escapeHtml, htmlDocument } from './htmlDocument';

/**
 * The pages behind the unsubscribe link, in English and Japanese: self-contained HTML (no scripts, no external
 * assets), every interpolated value escaped. The customer reaches them from an email, so they say what happened in
 * plain words and never ask for anything but a button press.
 */
export type Language = 'en' | 'ja';

export type PageView =
  /** The page a click from the email opens: choices only, nothing changes until a button is pressed. */
  | { kind: 'preferences'; token: string; pauseDays: number }
  | { kind: 'unsubscribed'; test?: boolean }
  | { kind: 'paused'; days: number; test?: boolean }
  | { kind: 'invalidLink' }
  | { kind: 'badRequest' }
  | { kind: 'failed' };

/** Headers of every page: nothing may load, frame or cache them, and the token in the URL is never sent on. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex',
} as const;

interface Texts {
  preferencesTitle: string;
  preferencesIntro: string;
  pauseButton: (days: number) => string;
  unsubscribeButton: string;
  serviceEmailsContinue: string;
  /** A link from a test email (`afterglow send-test`): shown instead of changing anything. */
  testNote: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
  pausedTitle: (days: number) => string;
  pausedBody: (days: number) => string;
  invalidLinkTitle: string;
  invalidLinkBody: string;
  badRequestTitle: string;
  badRequestBody: string;
  failedTitle: string;
  failedBody: string;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    preferencesTitle: 'Email preferences',
    preferencesIntro: 'Choose what you would like to receive from us.',
    pauseButton: (days) => `Pause marketing emails for ${days} days`,
    unsubscribeButton: 'Unsubscribe from all marketing emails',
    serviceEmailsContinue:
      'Emails about your orders (confirmations, shipping and delivery updates) will still be sent.',
    testNote: 'This link came from a test email, so nothing was changed: this is what a customer would see.',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedBody: 'You will not receive marketing emails from us any more.',
    pausedTitle: (days) => `Marketing emails paused for ${days} days`,
    pausedBody: (days) => `We will not send you marketing emails for the next ${days} days.`,
    invalidLinkTitle: 'This link does not work',
    invalidLinkBody:
      'The link is incomplete or has been changed. Please open it again from the email, making sure it is complete.',
    badRequestTitle: 'We could not read this request',
    badRequestBody: 'Please go back to the email and use its link again.',
    failedTitle: 'Something went wrong',
    failedBody: 'We could not save your choice. Please try again in a few minutes.',
  },
  ja: {
    preferencesTitle: 'メール配信設定',
    preferencesIntro: '受け取るメールをお選びください。',
    pauseButton: (days) => `マーケティングメールを${days}日間停止する`,
    unsubscribeButton: 'マーケティングメールの配信をすべて停止する',
    serviceEmailsContinue: 'ご注文に関するメール（ご注文確認、発送・配達のお知らせ）は引き続きお送りします。',
    testNote: 'これはテストメールのリンクのため、設定は変更されていません。お客様にはこの画面が表示されます。',
    unsubscribedTitle: '配信を停止しました',
    unsubscribedBody: '今後、マーケティングメールはお送りしません。',
    pausedTitle: (days) => `マーケティングメールを${days}日間停止しました`,
    pausedBody: (days) => `今後${days}日間、マーケティングメールはお送りしません。`,
    invalidLinkTitle: 'このリンクは無効です',
    invalidLinkBody: 'リンクが途中で切れているか、変更されています。メールからもう一度、リンク全体を開いてください。',
    badRequestTitle: 'リクエストを処理できませんでした',
    badRequestBody: 'メールに戻り、もう一度リンクからお手続きください。',
    failedTitle: 'エラーが発生しました',
    failedBody: '設定を保存できませんでした。しばらくしてからもう一度お試しください。',
  },
};

/** The first of en/ja by the browser's preference (Accept-Language q-values); English when it names neither. */
export function pickLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const match = ranked.find((e) => e.primary === 'en' || e.primary === 'ja');
  return match?.primary === 'ja' ? 'ja' : 'en';
}

export { escapeHtml };

const STYLE = `body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;line-height:1.6;color:#222;background:#f7f5f2}
main{max-width:32rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px}
h1{font-size:1.4rem;margin-top:0}
form{margin:1rem 0}
button{width:100%;padding:.8rem 1rem;font-size:1rem;border-radius:6px;border:1px solid #444;background:#fff;color:#222;cursor:pointer}
button.primary{background:#222;color:#fff}
.note{color:#555;font-size:.9rem}`;

function body(view: PageView, t: Texts): { title: string; html: string } {
  const paragraph = (text: string, cls?: string) => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
  switch (view.kind) {
    case 'preferences': {
      // Relative actions resolve against /u/{token}, so the forms keep working behind a path prefix.
      const action = escapeHtml(encodeURIComponent(view.token));
      const html = [
        paragraph(t.preferencesIntro),
        `<form method="post" action="${action}/pause"><button type="submit" class="primary">${escapeHtml(t.pauseButton(view.pauseDays))}</button></form>`,
        // The same fields a mail client's one-click POST sends, plus where it came from.
        `<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<input type="hidden" name="source" value="preference-page"><button type="submit">${escapeHtml(t.unsubscribeButton)}</button></form>`,
        paragraph(t.serviceEmailsContinue, 'note'),
      ].join('\n');
      return { title: t.preferencesTitle, html };
    }
    case 'unsubscribed':
      return {
        title: t.unsubscribedTitle,
        html: paragraph(t.unsubscribedBody) + paragraph(t.serviceEmailsContinue, 'note') + testNote(view, t),
      };
    case 'paused':
      return {
        title: t.pausedTitle(view.days),
        html: paragraph(t.pausedBody(view.days)) + paragraph(t.serviceEmailsContinue, 'note') + testNote(view, t),
      };
    case 'invalidLink':
      return { title: t.invalidLinkTitle, html: paragraph(t.invalidLinkBody) };
    case 'badRequest':
      return { title: t.badRequestTitle, html: paragraph(t.badRequestBody) };
    case 'failed':
      return { title: t.failedTitle, html: paragraph(t.failedBody) };
  }
}

function testNote(view: { test?: boolean }, t: Texts): string {
  return view.test ? `<p class="note"><strong>${escapeHtml(t.testNote)}</strong></p>` : '';
}

export function renderPage(view: PageView, language: Language): string {
  const { title, html } = body(view, TEXTS[language]);
  return htmlDocument({
    lang: language,
    title,
    style: STYLE,
    body: `<main>\n<h1>${escapeHtml(title)}</h1>\n${html}\n</main>`,
  });
}
