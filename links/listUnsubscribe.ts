/**
 * List headers of a marketing email (RFC 2369 List-Unsubscribe, RFC 8058 one-click, RFC 2919 List-Id) and the
 * matching link for the body. One URL serves both: mail clients POST to it (one-click unsubscribe), a click from the
 * body GETs it (the preference page, which changes nothing by itself).
 *
 * RFC 8058 only counts when a DKIM signature covers List-Unsubscribe and List-Unsubscribe-Post: sign both.
 */
export interface ListUnsubscribeInput {
  /** PUBLIC_URL, where the API answers /u/{token}; may carry a path prefix. */
  publicUrl: string;
  /** From signToken. */
  token: string;
  storeId: string;
  /** Domain the List-Id is named under, e.g. "afterglow.localhost" → <marketing.{storeId}.afterglow.localhost>. */
  listIdDomain: string;
  /** Address of a mailbox that processes unsubscribe requests, for mail clients without one-click. */
  mailto?: string;
}

export interface ListUnsubscribeLinks {
  headers: {
    'List-Unsubscribe': string;
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
    'List-Id': string;
  };
  /** Same URL as preferencesUrl: a click opens the page, only a POST unsubscribes. */
  unsubscribeUrl: string;
  preferencesUrl: string;
}

// Header values are built from these, so nothing that could end a header line or a <…> bracket gets through.
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const MAILTO = new RegExp(`^[A-Za-z0-9._+-]+@${LABEL}(?:\\.${LABEL})*$`);
// RFC 2919 list-id: a dot-atom of at most 255 characters.
const LIST_ID = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/** `{publicUrl}/u/{token}`; RFC 8058 demands HTTPS, plain HTTP is only let through on loopback for development. */
function linkUrl(publicUrl: string, token: string): string {
  const base = new URL(publicUrl);
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopback(base.hostname)))
    throw new Error(`unsubscribe links need an https:// public URL (RFC 8058), got ${base.protocol}//${base.host}`);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(`u/${token}`, base).href;
}

export function listUnsubscribeHeaders({
  publicUrl,
  token,
  storeId,
  listIdDomain,
  mailto,
}: ListUnsubscribeInput): ListUnsubscribeLinks {
  if (!TOKEN.test(token)) throw new Error('not a link token: sign one with signToken');
  if (!DOMAIN.test(listIdDomain)) throw new Error(`invalid List-Id domain "${listIdDomain}"`);
  if (mailto !== undefined && !MAILTO.test(mailto)) throw new Error(`invalid unsubscribe mailto address "${mailto}"`);
  const listId = `marketing.${storeId}.${listIdDomain}`;
  if (listId.length > 255 || !LIST_ID.test(listId))
    throw new Error(`store id "${storeId}" does not make a valid List-Id`);

  const url = linkUrl(publicUrl, token);
  const targets = [`<${url}>`, ...(mailto ? [`<mailto:${mailto}?subject=unsubscribe>`] : [])];
  return {
    headers: {
      'List-Unsubscribe': targets.join(', '),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `<${listId}>`,
    },
    unsubscribeUrl: url,
    preferencesUrl: url,
  };
}
