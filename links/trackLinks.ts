/** A message's HTML and text parts. */
export interface MessageBody {
  html: string;
  text: string;
}

const HREF = /href="(https?:\/\/[^"]+)"/g;
const unescapeHtml = (value: string) => value.replace(/&amp;/g, '&');
const escapeHtml = (value: string) => value.replace(/&/g, '&amp;');
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every web link of the message, in both parts, replaced by what `track` makes of it (a redirect through the API).
 * `track` returns undefined for links that stay as they are (the signed unsubscribe and answer links).
 */
export function trackLinks(body: MessageBody, track: (url: string) => string | undefined): MessageBody {
  const tracked = new Map<string, string | undefined>();
  const replace = (url: string) => {
    if (!tracked.has(url)) tracked.set(url, track(url));
    return tracked.get(url) ?? url;
  };
  const html = body.html.replace(HREF, (_, href: string) => `href="${escapeHtml(replace(unescapeHtml(href)))}"`);
  // The text part spells the same URLs out: one pass, longest first, so a URL that begins another (or a tracked
  // URL) is never replaced inside it.
  const urls = [...tracked].filter(([, to]) => to).map(([url]) => url);
  if (urls.length === 0) return { html, text: body.text };
  const pattern = new RegExp(
    urls
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return { html, text: body.text.replace(pattern, (url) => tracked.get(url)!) };
}

/** The HTML with an invisible 1×1 image at the end of its body, for stores that record opens. */
export function withOpenPixel(html: string, pixelUrl: string): string {
  const img = `<img src="${escapeHtml(pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const end = html.lastIndexOf('</body>');
  return end < 0 ? html + img : html.slice(0, end) + img + html.slice(end);
}
