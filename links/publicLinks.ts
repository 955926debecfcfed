/** The API's public pages a link in an email opens: `/a/` an answer, `/c/` a tracked click, `/o/` an open pixel. */
export type PublicLinkKind = 'a' | 'c' | 'o';

/** PUBLIC_URL as the base of the API's pages: with its path prefix, a trailing slash, no query. */
export function publicBase(publicUrl: string): string {
  const base = new URL(publicUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return base.href;
}

/** `{publicUrl}/{kind}/{token}`, keeping a path prefix of PUBLIC_URL. */
export function publicLinkUrl(publicUrl: string, kind: PublicLinkKind, token: string): string {
  return new URL(`${kind}/${token}`, publicBase(publicUrl)).href;
}
